//! SWD106 curl-pipe-to-shell

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::{Command, Sep};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD106",
        name: "curl-pipe-to-shell",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A downloaded script is executed straight from the network.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds `RUN` commands (in every stage, heredoc scripts included) that execute what `curl` or
`wget` downloads without saving it first:
- a pipe into a shell or interpreter: `curl -fsSL URL | sh`, `wget -qO- URL | sudo bash -s --`,
  `curl URL | python3 -`;
- a command substitution run by a shell: `sh -c "$(curl -fsSL URL)"`, `eval "$(wget -qO- URL)"`;
- a process substitution: `bash <(curl -fsSL URL)`.

Not reported: interpreters that run their own program on the downloaded data
(`curl API | python3 -c 'import json,sys; ...'`, `curl URL | perl -ne ...`), and `wget`
without `-O -`, which writes to a file rather than to the pipe.

## Why is this bad?
Nothing checks what runs: a compromised or hijacked download server, a moved URL, or a
truncated transfer executes arbitrary code as the build user (often root), and the next build
can run something else. A script that stops half-way through a download may still run its
first half. Download to a file, verify its checksum or signature, then run it.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL https://get.example.com/install.sh | sh
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSLo /tmp/install.sh https://get.example.com/install.sh \
 && echo "4a7c1d0b6e3f9a2c5b8d1e4f7a0c3b6d9e2f5a8c1b4d7e0f3a6c9b2d5e8f1a4c  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh \
 && rm /tmp/install.sh
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

const SHELLS: &[&str] = &["sh", "bash", "zsh", "dash", "ash", "ksh", "mksh"];
const INTERPRETERS: &[&str] = &["python", "python2", "python3", "perl", "ruby", "node", "nodejs", "php"];

/// Short curl options that take a value.
const CURL_VALUE_OPTS: &str = "AbcCdDeEFHKmoPQrtTuUwxXyYz";

fn base(w: &str) -> &str {
    crate::shell::base_name(w)
}

fn is_interpreter(name: &str) -> bool {
    INTERPRETERS.contains(&name)
        || name
            .strip_prefix("python")
            .is_some_and(|v| !v.is_empty() && v.bytes().all(|c| c.is_ascii_digit() || c == b'.'))
}

/// Whether `cmd` (its real command at `i`) is `curl` writing the download to standard output.
fn curl_to_stdout(cmd: &Command, i: usize) -> bool {
    let mut j = i + 1;
    while let Some(w) = cmd.words.get(j) {
        j += 1;
        let v = w.value.as_str();
        if let Some(long) = v.strip_prefix("--") {
            let (name, value) = long.split_once('=').map_or((long, None), |(n, v)| (n, Some(v)));
            match name {
                "output" => {
                    let val = value.map(str::to_string).or_else(|| cmd.words.get(j).map(|x| x.value.to_string()));
                    if val.is_some_and(|x| x != "-" && x != "/dev/stdout") {
                        return false;
                    }
                }
                "remote-name" | "remote-name-all" | "output-dir" => return false,
                _ => {}
            }
            continue;
        }
        let Some(cluster) = v.strip_prefix('-') else { continue };
        for (k, c) in cluster.char_indices() {
            if c == 'O' {
                return false;
            }
            if CURL_VALUE_OPTS.contains(c) {
                let rest = cluster.get(k + 1..).unwrap_or("");
                let val = if rest.is_empty() {
                    j += 1;
                    cmd.words.get(j - 1).map(|x| x.value.as_str()).unwrap_or("")
                } else {
                    rest
                };
                if c == 'o' && val != "-" && val != "/dev/stdout" {
                    return false;
                }
                break;
            }
        }
    }
    true
}

/// Whether `cmd` (its real command at `i`) is `wget` writing the download to standard output.
fn wget_to_stdout(cmd: &Command, i: usize) -> bool {
    let mut j = i + 1;
    while let Some(w) = cmd.words.get(j) {
        j += 1;
        let v = w.value.as_str();
        let val = if let Some(long) = v.strip_prefix("--") {
            match long.split_once('=') {
                Some(("output-document", x)) => Some(x.to_string()),
                None if long == "output-document" => cmd.words.get(j).map(|x| x.value.to_string()),
                _ => None,
            }
        } else if let Some(cluster) = v.strip_prefix('-') {
            cluster.find('O').map(|p| {
                let rest = cluster.get(p + 1..).unwrap_or("");
                if rest.is_empty() {
                    cmd.words.get(j).map(|x| x.value.to_string()).unwrap_or_default()
                } else {
                    rest.to_string()
                }
            })
        } else {
            None
        };
        if let Some(val) = val {
            return val == "-" || val == "/dev/stdout";
        }
    }
    false
}

/// The downloader `cmd` runs, if it downloads to standard output.
fn downloader(cmd: &Command) -> Option<&'static str> {
    let i = cmd.real_start();
    match base(&cmd.words.get(i)?.value) {
        "curl" if curl_to_stdout(cmd, i) => Some("curl"),
        "wget" if wget_to_stdout(cmd, i) => Some("wget"),
        _ => None,
    }
}

/// Whether the shell or interpreter at word `i` of `cmd` runs the program it reads on stdin.
fn runs_stdin(cmd: &Command, i: usize) -> bool {
    let Some(name) = cmd.words.get(i).map(|w| base(&w.value)) else { return false };
    let shell = SHELLS.contains(&name);
    if !shell && !is_interpreter(name) {
        return false;
    }
    let mut j = i + 1;
    while let Some(w) = cmd.words.get(j) {
        j += 1;
        let v = w.value.as_str();
        if v == "-" || v == "--" {
            return true;
        }
        if v.starts_with("--") {
            continue;
        }
        if let Some(cluster) = v.strip_prefix('-').or_else(|| v.strip_prefix('+')) {
            if shell {
                if cluster.contains('c') {
                    return false;
                }
                if cluster.contains('s') {
                    return true;
                }
                // `-o pipefail` takes a value
                if cluster.ends_with('o') {
                    j += 1;
                }
            } else if cluster.contains(['c', 'e', 'E', 'm', 'r', 'p', 'n']) {
                // the program is given on the command line (`-c`, `-e`, `-m module`...)
                return false;
            }
            continue;
        }
        // a script file operand: the program comes from the file, stdin is data
        return false;
    }
    true
}

/// Whether a word holds a command substitution that downloads (`$(curl ...)`).
fn substitutes_download(v: &str) -> bool {
    let mut rest = v;
    while let Some(p) = rest.find(['$', '`']) {
        let after = rest.get(p..).unwrap_or("");
        let inner = after.strip_prefix("$(").or_else(|| after.strip_prefix('`')).unwrap_or("");
        let inner = inner.trim_start();
        if ["curl ", "wget ", "curl\t", "wget\t"].iter().any(|d| inner.starts_with(d)) {
            return true;
        }
        rest = after.get(1..).unwrap_or("");
    }
    false
}

fn check<'a>(ctx: &DockerfileCtx<'a>, idx: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    for script in run_scripts(ins, ctx.posix_shell_at(idx)) {
        let mut pipeline_start = 0;
        let mut reported_pipeline = None;
        for (k, cmd) in script.commands.iter().enumerate() {
            if cmd.sep != Sep::Pipe {
                pipeline_start = k;
            }
            let i = cmd.real_start();
            let Some(word) = cmd.words.get(i) else { continue };
            let name = base(&word.value);
            // `curl URL | sh`
            if cmd.sep == Sep::Pipe && reported_pipeline != Some(pipeline_start) && runs_stdin(cmd, i) {
                let up = script.commands.get(pipeline_start..k).unwrap_or(&[]);
                if let Some((dl_cmd, dl)) = up.iter().find_map(|c| downloader(c).map(|d| (c, d))) {
                    reported_pipeline = Some(pipeline_start);
                    let d = sink.report(
                        word.span,
                        format!("The script `{dl}` downloads is piped straight into `{name}` and run unchecked"),
                        "Download to a file, verify its checksum (`sha256sum -c`) or signature, then run it.",
                        None,
                    );
                    d.labels.push(crate::diagnostic::Label {
                        span: dl_cmd.span,
                        message: format!("downloaded by `{dl}` here"),
                    });
                    continue;
                }
            }
            // `sh -c "$(curl URL)"`, `eval "$(curl URL)"`
            if SHELLS.contains(&name) || name == "eval" {
                let args = cmd.words.get(i + 1..).unwrap_or(&[]);
                if let Some(w) = args.iter().find(|w| w.dynamic && substitutes_download(&w.value)) {
                    sink.report(
                        w.span,
                        format!("`{name}` runs a script downloaded by a command substitution, unchecked"),
                        "Download to a file, verify its checksum (`sha256sum -c`) or signature, then run it.",
                        None,
                    );
                    continue;
                }
            }
            // `bash <(curl URL)`
            if SHELLS.contains(&name) || name == "source" || name == "." {
                let after = ctx.src.get(cmd.span.end..).unwrap_or("");
                let after = after.trim_start_matches([' ', '\t']);
                if let Some(inner) = after.strip_prefix("<(") {
                    let inner = inner.trim_start();
                    if ["curl ", "wget ", "curl\t", "wget\t"].iter().any(|d| inner.starts_with(d)) {
                        sink.report(
                            word.span,
                            format!("`{name}` runs a script read from a download, unchecked"),
                            "Download to a file, verify its checksum (`sha256sum -c`) or signature, then run it.",
                            None,
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_piped_downloads() {
        let src = "FROM a:1\nRUN curl -fsSL https://e.com/i.sh | sh\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "sh");
        assert_eq!(d[0].labels[0].span.text(src), "curl -fsSL https://e.com/i.sh");
        fires(&RULE, "FROM a:1\nRUN curl https://sh.rustup.rs -sSf | sh -s -- -y\n", 1);
        fires(&RULE, "FROM a:1\nRUN wget -qO- https://e.com/i.sh | sudo -E bash -\n", 1);
        fires(&RULE, "FROM a:1\nRUN wget -O - https://e.com/i.sh | bash\n", 1);
        fires(&RULE, "FROM a:1\nRUN wget --output-document=- https://e.com/i.sh | bash\n", 1);
        fires(&RULE, "FROM a:1\nRUN curl -sL https://e.com/get-pip.py | python3\n", 1);
        fires(&RULE, "FROM a:1\nRUN curl -sL https://e.com/x.pl | perl -\n", 1);
        fires(&RULE, "FROM a:1\nRUN curl -sL https://e.com/x | /usr/bin/env bash\n", 1);
        fires(&RULE, "FROM a:1\nRUN curl -sL https://e.com/x.gz | gunzip | sh\n", 1);
        fires(&RULE, "FROM a:1\nRUN set -e; \\\n  curl -fsSL https://e.com/a | bash && \\\n  curl -fsSL https://e.com/b | bash\n", 2);
        fires(&RULE, "FROM a:1\nRUN sh -c \"$(curl -fsSL https://e.com/install.sh)\"\n", 1);
        fires(&RULE, "FROM a:1\nRUN bash -c \"$(wget -qO- https://e.com/install.sh)\" -- --unattended\n", 1);
        fires(&RULE, "FROM a:1\nRUN eval \"$(curl -s https://e.com/env)\"\n", 1);
        let src = "FROM a:1\nRUN bash <(curl -s https://e.com/install.sh)\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "bash");
        fires(&RULE, "FROM a:1\nRUN <<EOF\ncurl -fsSL https://e.com/i.sh | sh\nEOF\n", 1);
        fires(&RULE, "FROM a:1 AS b\nONBUILD RUN curl -fsSL https://e.com/i.sh | sh\n", 1);
    }

    #[test]
    fn quiet_on_data_pipes_and_saved_downloads() {
        clean(&RULE, "FROM a:1\nRUN curl -s https://api.e.com/x | python3 -c 'import json,sys; print(1)'\n");
        clean(&RULE, "FROM a:1\nRUN curl -s https://e.com/x | perl -ne 'print'\n");
        clean(&RULE, "FROM a:1\nRUN curl -fsSL https://e.com/key.gpg | gpg --dearmor -o /k.gpg\n");
        clean(&RULE, "FROM a:1\nRUN curl -fsSL https://e.com/a.tgz | tar -xz\n");
        clean(&RULE, "FROM a:1\nRUN curl -fsSLo /tmp/i.sh https://e.com/i.sh | sh\n");
        clean(&RULE, "FROM a:1\nRUN curl -fsSL -O https://e.com/i.sh | sh\n");
        clean(&RULE, "FROM a:1\nRUN wget https://e.com/i.sh | sh\n");
        clean(&RULE, "FROM a:1\nRUN curl -fsSLo /tmp/i.sh https://e.com/i.sh && sh /tmp/i.sh\n");
        clean(&RULE, "FROM a:1\nRUN echo hi | sh\n");
        clean(&RULE, "FROM a:1\nRUN curl -s https://e.com/x | bash -c 'cat > /x'\n");
        clean(&RULE, "FROM a:1\nRUN curl -s https://e.com/x | sh /tmp/consume.sh\n");
        clean(&RULE, "FROM a:1\nRUN sh -c \"$(cat /tmp/x)\"\n");
        clean(&RULE, "FROM a:1\nRUN [\"sh\", \"-c\", \"curl -s https://e.com/x | sh\"]\n");
        clean(&RULE, "FROM a:1\nCOPY <<EOF /x.sh\ncurl -s https://e.com/x | sh\nEOF\n");
        clean(
            &RULE,
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN curl.exe -s https://e.com/x | sh\n",
        );
    }
}
