//! What a Dockerfile means, beyond its syntax: stages, the base image of each stage
//! (with `ARG` defaults resolved), the final stage, and the shell scripts RUN executes.

use super::ast::*;
use super::logical::LogicalAt;
use crate::shell::{self, Contiguous, Script};
use crate::span::Span;

/// A parsed image reference, e.g. `registry:5000/team/app:1.2@sha256:...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// Everything before the tag/digest (registry and path).
    pub name: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    pub fn parse(s: &str) -> ImageRef {
        let (rest, digest) = match s.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (s, None),
        };
        // a ':' after the last '/' is a tag separator (a ':' before it is a registry port)
        let last_slash = rest.rfind('/').map_or(0, |p| p + 1);
        match rest[last_slash..].rfind(':') {
            Some(p) => ImageRef {
                name: rest[..last_slash + p].to_string(),
                tag: Some(rest[last_slash + p + 1..].to_string()),
                digest,
            },
            None => ImageRef { name: rest.to_string(), tag: None, digest },
        }
    }
    pub fn is_scratch(&self) -> bool {
        self.name.eq_ignore_ascii_case("scratch")
    }
}

/// Whether an image is a Windows base image (its default shell is `cmd`; USER differs).
pub fn is_windows_image(image: &str) -> bool {
    let l = image.to_ascii_lowercase();
    l.contains("windows") || l.contains("nanoserver") || l.contains("servercore")
}

/// One build stage: a FROM and the instructions up to the next FROM.
#[derive(Clone, Debug)]
pub struct Stage {
    /// Index of the FROM instruction.
    pub from: usize,
    /// Index one past the stage's last instruction.
    pub end: usize,
    /// `AS name`, lower-cased.
    pub name: Option<String>,
    pub name_span: Option<Span>,
    /// The image word as written.
    pub base: Word,
    /// The image with global `ARG` defaults substituted; `None` if a variable has no default.
    pub base_resolved: Option<String>,
    /// The earlier stage this one builds on (`FROM builder`).
    pub parent_stage: Option<usize>,
}

/// The meaning of a Dockerfile: its stages and global build arguments.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub stages: Vec<Stage>,
    /// `ARG` declarations before the first FROM: name and default (unquoted).
    pub global_args: Vec<(String, Option<String>)>,
    /// Per instruction: whether the shell in force there is a POSIX shell (no `SHELL` to
    /// PowerShell/cmd earlier in its stage chain).
    posix: Vec<bool>,
    /// Per stage: whether a later stage uses it (`FROM`, `COPY --from`, `RUN --mount=from=`).
    used: Vec<bool>,
    /// Per instruction: the last USER, SHELL and WORKDIR before it in its stage chain, as
    /// instruction indices ([`NO_INSTRUCTION`] for none): 12 bytes an instruction instead of 48.
    last: Vec<[u32; 3]>,
    /// Per stage: the stage at the root of its `FROM <stage>` chain.
    roots: Vec<usize>,
    /// Stage names (lower-cased) to the first stage with that name.
    names: std::collections::HashMap<String, usize>,
    /// ENV and ARG definitions by name: (instruction, value, is ENV, inside ONBUILD), in order.
    var_defs: std::collections::HashMap<String, Vec<VarDef>, std::hash::BuildHasherDefault<NameHasher>>,
}

/// A fast, non-cryptographic hasher for short keys looked up many times per file (variable
/// names here, command addresses in the rules' package-call cache): eight bytes per multiply
/// instead of SipHash's rounds. Nothing iterates these maps, so their order does not matter.
#[derive(Default)]
pub struct NameHasher(u64);

impl std::hash::Hasher for NameHasher {
    fn finish(&self) -> u64 {
        // Fold the high half into the low bits, which pick the bucket: aligned addresses
        // would otherwise leave the low bits of the product zero.
        self.0 ^ (self.0 >> 32)
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
}

/// One `ENV`/`ARG` definition of a name.
#[derive(Clone, Debug)]
pub struct VarDef {
    pub instruction: usize,
    /// The unquoted value; `None` for `ARG NAME` without a default.
    pub value: Option<String>,
    pub is_env: bool,
    pub onbuild: bool,
}

const TRACKED: [Keyword; 3] = [Keyword::User, Keyword::Shell, Keyword::Workdir];

/// No instruction, in the per-instruction tables of [`Model`] that hold indices as `u32`.
const NO_INSTRUCTION: u32 = u32::MAX;

/// Build arguments BuildKit defines without an ARG.
pub const PREDEFINED_ARGS: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "FTP_PROXY",
    "NO_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "ftp_proxy",
    "no_proxy",
    "all_proxy",
    "BUILDKIT_SYNTAX",
];

impl Model {
    pub fn build(df: &Dockerfile) -> Model {
        let mut m = Model::default();
        let mut seen_from = false;
        let mut names: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, ins) in df.instructions.iter().enumerate() {
            match ins.keyword {
                Keyword::Arg if !seen_from => {
                    if let Args::ArgNames { pairs } = &ins.args {
                        for p in pairs {
                            m.global_args.push((p.key.value.clone(), p.unquoted_value(df.escape)));
                        }
                    }
                }
                Keyword::From => {
                    seen_from = true;
                    if let Some(last) = m.stages.last_mut() {
                        last.end = i;
                    }
                    let words: Vec<&Word> = match &ins.args {
                        Args::Words { words } => words.iter().collect(),
                        _ => Vec::new(),
                    };
                    let base =
                        words.first().map(|w| (*w).clone()).unwrap_or(Word { value: String::new(), span: ins.span });
                    let (name, name_span) = match (words.get(1), words.get(2)) {
                        (Some(as_), Some(n)) if as_.value.eq_ignore_ascii_case("as") => {
                            (Some(n.value.to_lowercase()), Some(n.span))
                        }
                        _ => (None, None),
                    };
                    let base_resolved = m.expand(&base.value, df.escape);
                    let parent_stage = base_resolved.as_ref().and_then(|b| names.get(&b.to_lowercase()).copied());
                    if let Some(n) = &name {
                        names.entry(n.clone()).or_insert(m.stages.len());
                    }
                    m.stages.push(Stage {
                        from: i,
                        end: df.instructions.len(),
                        name,
                        name_span,
                        base,
                        base_resolved,
                        parent_stage,
                    });
                }
                _ => {}
            }
        }
        m.names = names;
        m.compute_shells(df);
        m.compute_used(df);
        m.compute_last(df);
        m.compute_var_defs(df);
        m
    }

    /// One pass: the last USER/SHELL/WORKDIR before every instruction, inherited through
    /// `FROM <stage>`, and the root stage of every stage.
    fn compute_last(&mut self, df: &Dockerfile) {
        let n = df.instructions.len();
        self.last = vec![[NO_INSTRUCTION; 3]; n];
        self.roots = Vec::with_capacity(self.stages.len());
        let mut stage_end: Vec<[u32; 3]> = Vec::with_capacity(self.stages.len());
        for (si, st) in self.stages.iter().enumerate() {
            let root = st.parent_stage.and_then(|p| self.roots.get(p).copied()).unwrap_or(si);
            self.roots.push(root);
            let mut state = st.parent_stage.and_then(|p| stage_end.get(p).copied()).unwrap_or([NO_INSTRUCTION; 3]);
            for i in st.from..st.end.min(n) {
                self.last[i] = state;
                if let Some(k) = TRACKED.iter().position(|k| *k == df.instructions[i].keyword) {
                    // an index past u32 (4 billion instructions) cannot be held in memory
                    state[k] = u32::try_from(i).unwrap_or(NO_INSTRUCTION);
                }
            }
            stage_end.push(state);
        }
    }

    fn compute_var_defs(&mut self, df: &Dockerfile) {
        for (i, ins) in df.instructions.iter().enumerate() {
            let e = ins.effective();
            let pairs = match (&e.args, e.keyword) {
                (Args::Pairs { pairs }, Keyword::Env) | (Args::ArgNames { pairs }, Keyword::Arg) => pairs,
                _ => continue,
            };
            for kv in pairs {
                self.var_defs.entry(kv.key.value.clone()).or_default().push(VarDef {
                    instruction: i,
                    value: kv.unquoted_value(df.escape),
                    is_env: e.keyword == Keyword::Env,
                    onbuild: !std::ptr::eq(e, ins),
                });
            }
        }
    }

    /// The last instruction with `keyword` (USER, SHELL or WORKDIR) before instruction `i`, in
    /// its stage or the stages it is built `FROM`.
    pub fn last_before(&self, i: usize, keyword: Keyword) -> Option<usize> {
        let k = TRACKED.iter().position(|t| *t == keyword)?;
        let at = *self.last.get(i)?.get(k)?;
        (at != NO_INSTRUCTION).then_some(at as usize)
    }

    /// The stage at the root of stage `s`'s `FROM <stage>` chain (the one built on an image).
    pub fn root_stage(&self, s: usize) -> usize {
        self.roots.get(s).copied().unwrap_or(s)
    }

    /// Definitions of `name` by ENV/ARG, in file order.
    pub fn var_defs(&self, name: &str) -> &[VarDef] {
        self.var_defs.get(name).map_or(&[], Vec::as_slice)
    }

    /// The value of `name` in force before instruction `i`: the last ENV, or ARG with a value,
    /// in `i`'s stage and the stages it builds on (ONBUILD definitions count only for an ONBUILD
    /// instruction). An `ENV NAME` without value gives `""`.
    pub fn env_value(&self, df: &Dockerfile, i: usize, name: &str) -> Option<String> {
        let defs = self.var_defs(name);
        if defs.is_empty() {
            return None;
        }
        let onbuild = df.instructions.get(i).is_some_and(|x| x.keyword == Keyword::Onbuild);
        let mut s = self.stage_of(i)?;
        let mut end = i;
        for _ in 0..=self.stages.len() {
            let st = self.stages.get(s)?;
            let hi = defs.partition_point(|d| d.instruction < end);
            let lo = defs.partition_point(|d| d.instruction < st.from);
            for d in defs[lo..hi].iter().rev() {
                if d.onbuild && !onbuild {
                    continue;
                }
                if let Some(v) = &d.value {
                    return Some(v.clone());
                }
                if d.is_env {
                    return Some(String::new());
                }
            }
            let p = st.parent_stage?;
            s = p;
            end = self.stages.get(p)?.end;
        }
        None
    }

    /// One pass: the shell in force at every instruction, inherited through `FROM <stage>`.
    fn compute_shells(&mut self, df: &Dockerfile) {
        self.posix = vec![true; df.instructions.len()];
        // A Windows Dockerfile (backtick escape, Windows base image) runs `cmd` by default, and a
        // template (`FROM {{ ... }}`) is not a Dockerfile until rendered.
        let template = self.stages.iter().any(|st| st.base.value.contains("{{"));
        let mut stage_end_posix: Vec<bool> = Vec::with_capacity(self.stages.len());
        for st in &self.stages {
            let root_posix = || {
                let image = st.base_resolved.as_deref().unwrap_or(&st.base.value);
                !(template || df.escape == '`' || is_windows_image(image))
            };
            let mut posix = match st.parent_stage {
                Some(p) => stage_end_posix.get(p).copied().unwrap_or(true),
                None => root_posix(),
            };
            for i in st.from..st.end.min(df.instructions.len()) {
                self.posix[i] = posix;
                let ins = &df.instructions[i];
                if ins.keyword == Keyword::Shell {
                    if let Args::Json { items, .. } = &ins.args {
                        let first = items.first().map(|w| w.value.to_lowercase()).unwrap_or_default();
                        let base = first.rsplit(['/', '\\']).next().unwrap_or("").trim_end_matches(".exe").to_string();
                        posix = matches!(base.as_str(), "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "busybox");
                    }
                }
            }
            stage_end_posix.push(posix);
        }
    }

    /// One pass over the instructions: which stages later stages refer to.
    fn compute_used(&mut self, df: &Dockerfile) {
        self.used = vec![false; self.stages.len()];
        for st in &self.stages {
            if let Some(p) = st.parent_stage {
                self.used[p] = true;
            }
        }
        let mut by_name: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (idx, st) in self.stages.iter().enumerate() {
            if let Some(n) = &st.name {
                by_name.entry(n.clone()).or_insert(idx);
            }
        }
        for (i, ins) in df.instructions.iter().enumerate() {
            let Some(cur) = self.stage_of(i) else { continue };
            let e = ins.effective();
            for f in &e.flags {
                let vals: Vec<&str> = match f.name.as_str() {
                    "from" => f.value.as_deref().into_iter().collect(),
                    "mount" => f
                        .value
                        .as_deref()
                        .map_or(Vec::new(), |v| v.split(',').filter_map(|kv| kv.strip_prefix("from=")).collect()),
                    _ => Vec::new(),
                };
                for v in vals {
                    let v = v.to_lowercase();
                    let target = by_name.get(&v).copied().or_else(|| v.parse::<usize>().ok());
                    if let Some(t) = target {
                        if t < cur && t < self.used.len() {
                            self.used[t] = true;
                        }
                    }
                }
            }
        }
    }

    /// The first stage named `name` (case-insensitive).
    pub fn stage_by_name(&self, name: &str) -> Option<usize> {
        self.names.get(&name.to_lowercase()).copied()
    }

    /// Whether the shell in force at instruction `i` is a POSIX shell.
    pub fn posix_shell_at(&self, i: usize) -> bool {
        self.posix.get(i).copied().unwrap_or(true)
    }

    /// The stage that produces the image (the last one).
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// Index of the stage instruction `i` belongs to.
    pub fn stage_of(&self, i: usize) -> Option<usize> {
        // stages are sorted by `from` and do not overlap
        let k = self.stages.partition_point(|s| s.from <= i);
        let idx = k.checked_sub(1)?;
        (i < self.stages[idx].end).then_some(idx)
    }

    /// Whether stage `idx` is used by a later stage (`FROM`, `COPY --from`, `RUN --mount=from=`).
    pub fn stage_is_used(&self, _df: &Dockerfile, idx: usize) -> bool {
        self.used.get(idx).copied().unwrap_or(false)
    }

    /// Substitutes global ARG defaults into `text`; `None` if a referenced variable has no value.
    pub fn expand(&self, text: &str, escape: char) -> Option<String> {
        let refs = super::words::scan_var_refs(text, 0, text.len(), escape);
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for r in refs {
            out.push_str(&text[last..r.start]);
            let val = self.global_args.iter().rev().find(|(n, _)| *n == r.name).and_then(|(_, v)| v.clone());
            let set = val.as_deref().filter(|v| !v.is_empty());
            let piece = match (r.modifier.as_str(), set, val.as_deref()) {
                (":-", None, _) => r.operand.clone().unwrap_or_default(),
                ("-", _, None) => r.operand.clone().unwrap_or_default(),
                (":+", Some(_), _) | ("+", _, Some(_)) => r.operand.clone().unwrap_or_default(),
                (":+", None, _) | ("+", _, None) => String::new(),
                (_, _, Some(v)) => v.to_string(),
                (_, _, None) => return None,
            };
            out.push_str(&piece);
            last = r.end;
        }
        out.push_str(&text[last..]);
        Some(out)
    }
}

/// The shell scripts an instruction runs: the shell-form command line, and heredoc bodies
/// that a POSIX shell executes. Empty for JSON form and for non-POSIX shells.
///
/// The scripts are lexed once per instruction and cached in it.
pub fn run_scripts(ins: &Instruction, posix_shell: bool) -> &[Script] {
    if !posix_shell {
        return &[];
    }
    ins.scripts.get_or_init(|| lex_run_scripts(ins))
}

fn lex_run_scripts(ins: &Instruction) -> Box<[Script]> {
    let ins_e = ins.effective();
    if !matches!(ins_e.keyword, Keyword::Run) {
        return Box::default();
    }
    let mut out = Vec::new();
    if let Args::Shell { text, offset } = &ins_e.args {
        let line_script = shell::lex_mapped(&text.value, &LogicalAt(&ins.logical, *offset));
        // `RUN <<EOF` / `RUN bash <<EOF` / `RUN set -e <<EOF`: the heredoc is the script
        let feeds_shell = line_script
            .commands
            .iter()
            .all(|c| c.words.is_empty() || matches!(c.name(), Some("sh" | "bash" | "ash" | "dash" | "zsh" | "set")));
        out.reserve_exact(1 + if feeds_shell { ins.heredocs.len() } else { 0 });
        out.push(line_script);
        for h in &ins.heredocs {
            let body_is_script = h.content.lines().next().is_none_or(|l| {
                !l.starts_with("#!")
                    || ["sh", "bash", "ash", "dash", "zsh"].iter().any(|s| {
                        l.ends_with(&format!("/{s}")) || l.ends_with(&format!(" {s}")) || l.contains(&format!("/{s} "))
                    })
            });
            if body_is_script && feeds_shell {
                out.push(shell::lex_mapped(&h.content, &Contiguous(h.body_span.start)));
            }
        }
    }
    out.into_boxed_slice()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    #[test]
    fn image_refs() {
        let r = ImageRef::parse("localhost:5000/a/b:1.2@sha256:abc");
        assert_eq!(r.name, "localhost:5000/a/b");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        assert_eq!(ImageRef::parse("localhost:5000/a").tag, None);
        assert_eq!(ImageRef::parse("ubuntu").tag, None);
    }

    #[test]
    fn stages_and_arg_resolution() {
        let src =
            "ARG BASE=alpine:3.20\nARG V\nFROM ${BASE} AS Build\nRUN x\nFROM build\nFROM img:${V:-1}\nFROM img:$V\n";
        let df = parse(src);
        let m = Model::build(&df);
        assert_eq!(m.stages.len(), 4);
        assert_eq!(m.stages[0].base_resolved.as_deref(), Some("alpine:3.20"));
        assert_eq!(m.stages[0].name.as_deref(), Some("build"));
        assert_eq!(m.stages[1].parent_stage, Some(0));
        assert_eq!(m.stages[2].base_resolved.as_deref(), Some("img:1"));
        assert_eq!(m.stages[3].base_resolved, None);
        assert!(m.stage_is_used(&df, 0));
        assert_eq!(m.stage_of(3), Some(0));
    }

    #[test]
    fn heredoc_scripts_are_lexed_with_source_spans() {
        let src = "FROM a\nRUN <<EOF\napt-get install -y curl\nEOF\n";
        let df = parse(src);
        let scripts = run_scripts(&df.instructions[1], true);
        assert_eq!(scripts.len(), 2);
        let c = &scripts[1].commands[0];
        assert_eq!(c.words[3].span.text(src), "curl");
    }
}
