//! The playground's state without the UI: the files in their tabs, the policy, undo/redo,
//! applying fixes, and the share-link state. Pure and tested natively.

use crate::examples::Example;
use crate::policy::PolicyInput;
use crate::share::Shared;
use seaworthy::{Edit, SourceFile, Span};

/// One editor tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tab {
    pub path: String,
    pub content: String,
}

/// The two tabs every workspace has, in this order; extra files follow.
pub const DOCKERFILE: &str = "Dockerfile";
pub const COMPOSE: &str = "compose.yaml";
/// How many undo steps are kept.
pub const UNDO_LIMIT: usize = 100;

/// Extra files a user can add.
pub const EXTRA_KINDS: [(&str, &str); 3] =
    [("worker.Dockerfile", "FROM alpine:3.20\n"), (".dockerignore", ".git\n"), (".env", "# KEY=value\n")];

#[derive(Clone, Debug, PartialEq, Eq)]
struct Snapshot {
    tabs: Vec<Tab>,
    active: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    pub tabs: Vec<Tab>,
    pub active: usize,
    pub policy: PolicyInput,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The tab of the current run of keystrokes (one undo step per run).
    typing: Option<usize>,
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            tabs: vec![
                Tab { path: DOCKERFILE.into(), content: String::new() },
                Tab { path: COMPOSE.into(), content: String::new() },
            ],
            active: 0,
            policy: PolicyInput::default(),
            undo: Vec::new(),
            redo: Vec::new(),
            typing: None,
        }
    }
}

impl Workspace {
    /// A workspace holding an example.
    pub fn with_example(example: &Example) -> Self {
        let mut w = Workspace::default();
        w.set_files(example.files.iter().map(|(p, c)| ((*p).to_string(), (*c).to_string())).collect());
        w
    }

    /// Replaces every file (Dockerfile and compose.yaml tabs always exist).
    fn set_files(&mut self, files: Vec<(String, String)>) {
        let mut tabs = vec![
            Tab { path: DOCKERFILE.into(), content: String::new() },
            Tab { path: COMPOSE.into(), content: String::new() },
        ];
        for (path, content) in files {
            match path.as_str() {
                DOCKERFILE => tabs[0].content = content,
                COMPOSE => tabs[1].content = content,
                _ if path.trim().is_empty() || tabs.iter().any(|t| t.path == path) => {}
                _ => tabs.push(Tab { path, content }),
            }
        }
        self.tabs = tabs;
        self.active = 0;
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot { tabs: self.tabs.clone(), active: self.active }
    }

    fn record(&mut self) {
        self.undo.push(self.snapshot());
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Ends the current run of keystrokes: the next keystroke starts a new undo step.
    pub fn break_typing(&mut self) {
        self.typing = None;
    }

    /// Loads an example (one undo step).
    pub fn load_example(&mut self, example: &Example) {
        self.record();
        self.typing = None;
        self.set_files(example.files.iter().map(|(p, c)| ((*p).to_string(), (*c).to_string())).collect());
    }

    /// The text of tab `index` changed by typing or pasting.
    pub fn edit(&mut self, index: usize, text: String) {
        let Some(tab) = self.tabs.get(index) else { return };
        if tab.content == text {
            return;
        }
        if self.typing != Some(index) {
            self.record();
            self.typing = Some(index);
        }
        self.tabs[index].content = text;
    }

    pub fn select(&mut self, index: usize) {
        if index < self.tabs.len() {
            self.active = index;
            self.typing = None;
        }
    }

    /// Adds an extra file of kind `EXTRA_KINDS[kind]` with a name not used yet; returns its index.
    pub fn add_extra(&mut self, kind: usize) -> Option<usize> {
        let (name, content) = EXTRA_KINDS.get(kind)?;
        let mut path = name.to_string();
        let mut n = 2;
        while self.tabs.iter().any(|t| t.path == path) {
            path = match name.split_once('.') {
                Some((stem, ext)) if !stem.is_empty() => format!("{stem}{n}.{ext}"),
                _ => format!("{name}.{n}"),
            };
            n += 1;
        }
        self.record();
        self.typing = None;
        self.tabs.push(Tab { path, content: content.to_string() });
        self.active = self.tabs.len() - 1;
        Some(self.active)
    }

    /// Removes an extra file (the Dockerfile and compose tabs stay).
    pub fn remove(&mut self, index: usize) {
        if index < 2 || index >= self.tabs.len() {
            return;
        }
        self.record();
        self.typing = None;
        self.tabs.remove(index);
        self.active = self.active.min(self.tabs.len() - 1);
    }

    /// Applies one fix's edits to the file at `path` (one undo step).
    pub fn apply_edits(&mut self, path: &str, edits: &[(Span, String)]) -> Result<(), String> {
        let index = self.tabs.iter().position(|t| t.path == path).ok_or_else(|| format!("no file named {path}"))?;
        let edits: Vec<Edit> = edits.iter().map(|(s, t)| Edit::replace(*s, t.clone())).collect();
        let out = seaworthy::fix::apply_edits(&self.tabs[index].content, &edits)
            .ok_or("the fix no longer applies to the edited text: wait for the check to finish")?;
        self.record();
        self.typing = None;
        self.tabs[index].content = out;
        self.active = index;
        Ok(())
    }

    /// Replaces the contents of the named files (fix all); returns how many changed.
    pub fn replace_contents(&mut self, files: &[(String, String)]) -> usize {
        let changed: Vec<(usize, &String)> = files
            .iter()
            .filter_map(|(p, c)| {
                let i = self.tabs.iter().position(|t| &t.path == p)?;
                (self.tabs[i].content != *c).then_some((i, c))
            })
            .collect();
        if changed.is_empty() {
            return 0;
        }
        self.record();
        self.typing = None;
        for (i, c) in &changed {
            self.tabs[*i].content = (*c).clone();
        }
        changed.len()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo(&mut self) -> bool {
        let Some(prev) = self.undo.pop() else { return false };
        self.redo.push(self.snapshot());
        self.restore(prev);
        true
    }

    pub fn redo(&mut self) -> bool {
        let Some(next) = self.redo.pop() else { return false };
        self.undo.push(self.snapshot());
        self.restore(next);
        true
    }

    fn restore(&mut self, s: Snapshot) {
        self.tabs = s.tabs;
        self.active = s.active.min(self.tabs.len().saturating_sub(1));
        self.typing = None;
    }

    /// The files given to the core: Dockerfiles and compose files that are not blank, and the
    /// `.dockerignore` files (the build context's ignore file: not checked or reported, but
    /// the context rules read it). Other context files (`.env`) are known by name only, see
    /// [`Workspace::context_paths`].
    pub fn checked_files(&self) -> Vec<SourceFile> {
        self.tabs
            .iter()
            .filter(|t| {
                let given = seaworthy::detect_kind(&t.path).is_some() || seaworthy::context::is_ignore_file(&t.path);
                given && !t.content.trim().is_empty()
            })
            .map(|t| SourceFile { path: t.path.clone(), content: t.content.clone(), kind: None })
            .collect()
    }

    /// The paths of every tab: the files of the build context as far as the playground knows
    /// (`LintOptions::context_files`), so a `COPY . .` that would send the `.env` tab into
    /// the image is reported unless the `.dockerignore` tab excludes it.
    pub fn context_paths(&self) -> Vec<String> {
        self.tabs.iter().map(|t| t.path.clone()).collect()
    }

    /// The state a share link carries.
    pub fn to_shared(&self) -> Shared {
        Shared {
            v: 1,
            files: self.tabs.iter().map(|t| (t.path.clone(), t.content.clone())).collect(),
            active: self.active,
            preset: self.policy.preset.clone(),
            policy: self.policy.team.clone(),
        }
    }

    /// A workspace from a share link's state.
    pub fn from_shared(s: Shared) -> Self {
        let mut w = Workspace::default();
        w.set_files(s.files);
        w.active = s.active.min(w.tabs.len() - 1);
        if crate::policy::PRESETS.contains(&s.preset.as_str()) {
            w.policy.preset = s.preset;
        }
        w.policy.team = s.policy;
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::EXAMPLES;

    fn ws(text: &str) -> Workspace {
        let mut w = Workspace::default();
        w.tabs[0].content = text.into();
        w
    }

    #[test]
    fn typing_runs_are_one_undo_step_and_redo_restores() {
        let mut w = ws("FROM a\n");
        w.edit(0, "FROM a\nR".into());
        w.edit(0, "FROM a\nRU".into());
        w.edit(0, "FROM a\nRUN".into());
        w.break_typing();
        w.edit(0, "FROM a\nRUN x".into());
        assert!(w.undo());
        assert_eq!(w.tabs[0].content, "FROM a\nRUN");
        assert!(w.undo());
        assert_eq!(w.tabs[0].content, "FROM a\n");
        assert!(!w.undo());
        assert!(w.redo() && w.redo());
        assert_eq!(w.tabs[0].content, "FROM a\nRUN x");
        assert!(!w.redo());
    }

    #[test]
    fn applying_a_reported_fix_raises_the_score_and_can_be_undone() {
        let mut w = ws("FROM alpine:3.20\nRUN apk add curl\n");
        let before = seaworthy::lint(&w.checked_files(), &Default::default());
        let d = before.files[0].diagnostics.iter().find(|d| d.fix.is_some()).unwrap();
        let edits: Vec<(Span, String)> =
            d.fix.as_ref().unwrap().edits.iter().map(|e| (e.span, e.text.clone())).collect();
        w.apply_edits("Dockerfile", &edits).unwrap();
        let after = seaworthy::lint(&w.checked_files(), &Default::default());
        assert!(after.summary.score > before.summary.score);
        assert!(w.apply_edits("Dockerfile", &[(Span::new(500, 600), "x".into())]).is_err());
        assert!(w.apply_edits("nope", &edits).is_err());
        w.undo();
        assert_eq!(w.tabs[0].content, "FROM alpine:3.20\nRUN apk add curl\n");
    }

    #[test]
    fn extras_get_unique_names_and_context_files_are_not_checked() {
        let mut w = Workspace::with_example(crate::examples::find("compose").unwrap());
        assert_eq!(
            w.tabs.iter().map(|t| t.path.as_str()).collect::<Vec<_>>(),
            ["Dockerfile", "compose.yaml", ".env", ".dockerignore"]
        );
        let checked: Vec<String> = w.checked_files().into_iter().map(|f| f.path).collect();
        assert_eq!(checked, ["Dockerfile", "compose.yaml", ".dockerignore"]);
        assert_eq!(w.context_paths(), ["Dockerfile", "compose.yaml", ".env", ".dockerignore"]);
        let r = seaworthy::lint(&w.checked_files(), &Default::default());
        assert!(r.files.iter().all(|f| f.path != ".dockerignore"), "context, not a reported file");
        let i = w.add_extra(0).unwrap();
        let j = w.add_extra(0).unwrap();
        assert_eq!((w.tabs[i].path.as_str(), w.tabs[j].path.as_str()), ("worker.Dockerfile", "worker2.Dockerfile"));
        let k = w.add_extra(2).unwrap();
        assert_eq!(w.tabs[k].path, ".env.2");
        assert!(w.add_extra(9).is_none());
        w.remove(0);
        assert_eq!(w.tabs[0].path, "Dockerfile");
        w.remove(k);
        assert_eq!(w.tabs.len(), 6);
        assert!(w.active < w.tabs.len());
    }

    #[test]
    fn the_dockerignore_and_env_tabs_are_the_build_context() {
        let mut w = Workspace::with_example(crate::examples::find("compose").unwrap());
        let ids = |w: &Workspace| -> Vec<String> {
            let options = seaworthy::LintOptions { context_files: w.context_paths(), ..Default::default() };
            let input = crate::policy::PolicyInput::default();
            let r = crate::policy::lint_with_policy(&w.checked_files(), &options, &input).unwrap();
            r.files.iter().flat_map(|f| &f.diagnostics).map(|d| d.rule.id.clone()).collect()
        };
        // the example's .dockerignore keeps its .env tab out of `COPY . .`
        assert!(!ids(&w).iter().any(|i| i == "SWD505"), "{:?}", ids(&w));
        let di = w.tabs.iter().position(|t| t.path == ".dockerignore").unwrap();
        w.edit(di, ".git\nnode_modules\n".into());
        assert!(ids(&w).iter().any(|i| i == "SWD505"), "{:?}", ids(&w));
        w.edit(di, ".env\n*.txt\n".into());
        let df = w.tabs[0].content.replace("COPY . .", "COPY requirements.txt ./\nCOPY . .");
        w.edit(0, df);
        assert!(ids(&w).iter().any(|i| i == "SWD031"), "{:?}", ids(&w));
    }

    #[test]
    fn share_state_round_trips_and_bad_state_is_tamed() {
        let mut w = Workspace::with_example(&EXAMPLES[0]);
        w.policy.preset = "strict".into();
        w.policy.team = "[rules]".into();
        w.select(1);
        let back = Workspace::from_shared(crate::share::decode(&crate::share::encode(&w.to_shared())).unwrap());
        assert_eq!((back.tabs.clone(), back.active, back.policy.clone()), (w.tabs.clone(), 1, w.policy.clone()));
        let odd =
            Shared { v: 1, files: vec![("".into(), "x".into())], active: 99, preset: "zzz".into(), policy: "".into() };
        let w = Workspace::from_shared(odd);
        assert_eq!(w.tabs.len(), 2);
        assert_eq!(w.active, 1);
        assert_eq!(w.policy.preset, "recommended");
    }

    #[test]
    fn replace_contents_counts_changes_and_is_one_undo_step() {
        let mut w = ws("FROM a\n");
        assert_eq!(w.replace_contents(&[("Dockerfile".into(), "FROM a\n".into())]), 0);
        assert!(!w.can_undo());
        assert_eq!(w.replace_contents(&[("Dockerfile".into(), "FROM b\n".into()), ("x".into(), "y".into())]), 1);
        assert!(w.undo());
        assert_eq!(w.tabs[0].content, "FROM a\n");
    }
}
