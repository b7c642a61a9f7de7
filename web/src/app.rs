//! The playground UI. State lives in `Rc<RefCell<…>>` (the workspace with its undo history is
//! too big to clone per keystroke) and a forced re-render follows every change. Checking is
//! debounced while typing and runs in two phases: the findings and the score first (timed:
//! the footer shows re-check + render time), then the scores after fixes.

use crate::dom;
use crate::editor::{sev_class, Editor, LineNote};
use gloo_timers::callback::Timeout;
use seaworthy::api::FixOptions;
use seaworthy::report::ReportDiagnostic;
use seaworthy::{Applicability, Edit, FileKind, LintOptions, PositionEncoding, Report, Severity, Span};
use seaworthy_web::checks;
use seaworthy_web::examples::{self, Example};
use seaworthy_web::highlight::{Lang, Mark};
use seaworthy_web::model::{Workspace, EXTRA_KINDS};
use seaworthy_web::policy::{self, PolicyIssue};
use seaworthy_web::share;
use seaworthy_web::team;
use seaworthy_web::view::{self, Block, DiffLine, GroupBy, Inline};
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Debounce while typing (ms).
const TYPING_DELAY: u32 = 120;
/// Delay before the after-fix scores are computed (ms).
const FULL_DELAY: u32 = 40;
/// Findings shown per group before "Show all" (keeps re-rendering cheap on big files).
const GROUP_LIMIT: usize = 40;

/// What a finding's buttons ask for.
#[derive(Clone, PartialEq)]
enum Act {
    Apply(ReportDiagnostic),
    Goto(ReportDiagnostic),
    Toggle(String),
}

#[derive(Properties, PartialEq)]
struct FindingProps {
    d: ReportDiagnostic,
    open: bool,
    /// The file's text, only while the details are open (for the fix preview).
    src: Option<String>,
    act: Callback<Act>,
}

/// One finding; a component so unchanged findings are not re-rendered while typing.
#[function_component(FindingItem)]
fn finding_item(p: &FindingProps) -> Html {
    let d = &p.d;
    // The rule docs are fetched the first time any finding's details open (see docs.rs).
    let docs = use_state(|| crate::docs::cached().map(Ok));
    {
        let docs = docs.clone();
        use_effect_with(p.open, move |open| {
            if *open && docs.is_none() {
                yew::platform::spawn_local(async move { docs.set(Some(crate::docs::load().await)) });
            }
        });
    }
    let emit = |a: Act| {
        let act = p.act.clone();
        Callback::from(move |_: MouseEvent| act.emit(a.clone()))
    };
    html! {
        <li class={classes!("finding", sev_class(d.severity))} data-rule={d.rule.id.clone()}>
            <div class="f-head">
                <span class={classes!("badge", sev_class(d.severity))}>{ d.severity.as_str() }</span>
                <span class="cat">{ d.category.as_str() }</span>
                <button type="button" class="loc link" onclick={emit(Act::Goto(d.clone()))} title="Show in the editor">
                    { format!("{}:{}:{}", d.path, d.range.start.line, d.range.start.column) }
                </button>
                <span class="rule">{ format!("{} {}", d.rule.id, d.rule.name) }</span>
            </div>
            <p class="msg">{ d.message.clone() }</p>
            <p class="help">{ d.help.clone() }</p>
            if let Some(f) = &d.fix {
                <div class="fix">
                    <span class={classes!("appl", applicability_str(f.applicability))}>{ applicability_str(f.applicability) }</span>
                    <span>{ f.title.clone() }</span>
                    if f.applicability != Applicability::DisplayOnly {
                        <button type="button" class="apply" onclick={emit(Act::Apply(d.clone()))}>
                            { if f.applicability == Applicability::Unsafe { "Apply (unsafe)" } else { "Apply" } }
                        </button>
                    }
                </div>
            }
            <button type="button" class="link more" aria-expanded={p.open.to_string()} onclick={emit(Act::Toggle(finding_key(d)))}>
                { if p.open { "Hide details" } else { "Why it matters, example, fix preview" } }
            </button>
            if let Some(src) = p.src.as_deref().filter(|_| p.open) {
                <div class="details">{ details(d, src, (*docs).as_ref()) }</div>
            }
        </li>
    }
}

struct Checked {
    result: Result<Report, Vec<PolicyIssue>>,
    /// Whether the after-fix scores are in.
    full: bool,
    rev: u64,
}

/// Shared mutable state of the app (cloned handles are cheap: all `Rc`).
#[derive(Clone)]
struct Shared {
    ws: Rc<RefCell<Workspace>>,
    rev: Rc<RefCell<u64>>,
    checked: Rc<RefCell<Option<Checked>>>,
    timer: Rc<RefCell<Option<Timeout>>>,
    full_timer: Rc<RefCell<Option<Timeout>>>,
    /// Start time of a check whose render has not been measured yet.
    pending: Rc<RefCell<Option<f64>>>,
    /// A range to select in the editor after the next render (UTF-16 offsets).
    select: Rc<RefCell<Option<(u32, u32)>>>,
    first_report: Rc<RefCell<bool>>,
    force: UseForceUpdateHandle,
}

fn run_check(ws: &Workspace, full: bool, rev: u64) -> Checked {
    let options = LintOptions {
        position_encoding: PositionEncoding::Utf16,
        score_fixes: full,
        context_files: ws.context_paths(),
        ..Default::default()
    };
    Checked { result: policy::lint_with_policy(&ws.checked_files(), &options, &ws.policy), full, rev }
}

impl Shared {
    /// The workspace changed: bump the revision and re-render now; check after `delay` ms.
    fn changed(&self, delay: u32) {
        *self.rev.borrow_mut() += 1;
        self.full_timer.borrow_mut().take();
        self.force.force_update();
        self.schedule(delay);
    }

    fn schedule(&self, delay: u32) {
        let me = self.clone();
        let t = Timeout::new(delay, move || {
            let t0 = dom::now();
            let rev = *me.rev.borrow();
            // A pause in typing ends the undo step.
            me.ws.borrow_mut().break_typing();
            let c = run_check(&me.ws.borrow(), false, rev);
            dom::publish("lintMs", dom::now() - t0);
            *me.checked.borrow_mut() = Some(c);
            *me.pending.borrow_mut() = Some(t0);
            me.force.force_update();
        });
        *self.timer.borrow_mut() = Some(t);
    }

    /// After a measured render: compute the after-fix scores unless the text moved on.
    fn schedule_full(&self) {
        let me = self.clone();
        let t = Timeout::new(FULL_DELAY, move || {
            let rev = *me.rev.borrow();
            if me.checked.borrow().as_ref().is_some_and(|c| c.rev != rev || c.full) {
                return;
            }
            let t0 = dom::now();
            let c = run_check(&me.ws.borrow(), true, rev);
            dom::publish("fullCheckMs", dom::now() - t0);
            *me.checked.borrow_mut() = Some(c);
            me.force.force_update();
        });
        *self.full_timer.borrow_mut() = Some(t);
    }
}

fn initial_workspace() -> (Workspace, Option<String>) {
    let frag = dom::fragment();
    let mut banner = None;
    if frag.len() > 1 {
        match share::decode(&frag) {
            Ok(s) => return (Workspace::from_shared(s), None),
            Err(e) => banner = Some(format!("Could not open the shared link: {e}. Showing an example instead.")),
        }
    }
    let shown = examples::shown(team::EXAMPLES);
    let mut ws = shown.first().map(|e| Workspace::with_example(e)).unwrap_or_default();
    if policy::PRESETS.contains(&team::PRESET) {
        ws.policy.preset = team::PRESET.to_string();
    }
    ws.policy.team = team::POLICY.to_string();
    (ws, banner)
}

fn finding_key(d: &ReportDiagnostic) -> String {
    format!("{}:{}:{}:{}", d.path, d.rule.id, d.span.start, d.span.end)
}

fn edits_of(d: &ReportDiagnostic) -> Vec<(Span, String)> {
    d.fix.as_ref().map(|f| f.edits.iter().map(|e| (e.span, e.text.clone())).collect()).unwrap_or_default()
}

fn applicability_str(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "suggestion",
    }
}

fn render_inlines(parts: &[Inline]) -> Html {
    parts
        .iter()
        .map(|p| match p {
            Inline::Text(t) => html! { t.clone() },
            Inline::Code(t) => html! { <code>{ t.clone() }</code> },
            Inline::Strong(t) => html! { <strong>{ t.clone() }</strong> },
        })
        .collect()
}

fn render_docs(md: &str) -> Html {
    view::doc_blocks(md)
        .iter()
        .map(|b| match b {
            Block::Heading(t) => html! { <h4>{ t.clone() }</h4> },
            Block::Paragraph(p) => html! { <p>{ render_inlines(p) }</p> },
            Block::Item(p) => html! { <p class="item">{ "• " }{ render_inlines(p) }</p> },
            Block::Code(c) => html! { <pre class="doc-code">{ c.clone() }</pre> },
        })
        .collect()
}

#[function_component(App)]
pub fn app() -> Html {
    let force = use_force_update();
    let start = use_mut_ref(initial_workspace);
    let ws = use_mut_ref(|| start.borrow().0.clone());
    let banner = use_state(|| start.borrow().1.clone());
    // The first check runs before the first render: the first report shows up sooner.
    let first = use_mut_ref(|| {
        let t0 = dom::now();
        (Some(run_check(&ws.borrow(), false, 0)), t0)
    });
    let st = Shared {
        checked: use_mut_ref(|| first.borrow_mut().0.take()),
        pending: use_mut_ref(|| Some(first.borrow().1)),
        ws,
        rev: use_mut_ref(|| 0u64),
        timer: use_mut_ref(|| None),
        full_timer: use_mut_ref(|| None),
        select: use_mut_ref(|| None),
        first_report: use_mut_ref(|| false),
        force,
    };
    let group = use_state(|| GroupBy::Severity);
    let open = use_mut_ref(HashSet::<String>::new);
    let status = use_state(String::new);
    let caret = use_state(|| None::<u32>);
    let share_link = use_state(String::new);
    let export = use_state(|| None::<(String, String)>);
    let theme = use_state(|| dom::load_setting("seaworthy-theme").unwrap_or_else(|| "auto".into()));
    let textarea = use_node_ref();
    let timing = use_node_ref();

    // First check, the theme, and the keyboard shortcuts (undo/redo outside text fields).
    {
        let st = st.clone();
        let theme = (*theme).clone();
        let status = status.clone();
        let banner = banner.clone();
        use_effect_with((), move |_| {
            dom::apply_theme(&theme);
            if let Some(d) = dom::window().and_then(|w| w.document()) {
                d.set_title(team::TITLE);
            }
            // A team build may load its policy from the page's own origin (SEAWORTHY_POLICY_URL);
            // a share link's policy wins.
            if !team::POLICY_URL.is_empty() && !dom::fragment().starts_with(&format!("#{}", share::PREFIX)) {
                let st = st.clone();
                let status = status.clone();
                let banner = banner.clone();
                yew::platform::spawn_local(async move {
                    match dom::fetch_text(team::POLICY_URL).await {
                        Ok(text) => {
                            st.ws.borrow_mut().policy.team = text;
                            status.set(format!("Loaded the team policy from {}.", team::POLICY_URL));
                            st.changed(0);
                        }
                        Err(e) => {
                            banner.set(Some(format!("Could not load the team policy from {}: {e}", team::POLICY_URL)))
                        }
                    }
                });
            }
            let doc = dom::window().and_then(|w| w.document());
            let listener = doc.map(|d| {
                let opts = gloo_events::EventListenerOptions::enable_prevent_default();
                gloo_events::EventListener::new_with_options(&d, "keydown", opts, move |e| {
                    let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                    if !(k.ctrl_key() || k.meta_key()) || dom::editing_text() {
                        return;
                    }
                    let key = k.key().to_ascii_lowercase();
                    let redo = (key == "z" && k.shift_key()) || key == "y";
                    if key != "z" && key != "y" {
                        return;
                    }
                    k.prevent_default();
                    let did = if redo { st.ws.borrow_mut().redo() } else { st.ws.borrow_mut().undo() };
                    if did {
                        st.changed(0);
                    }
                })
            });
            move || drop(listener)
        });
    }

    // After each render: measure a pending check, select a requested range.
    {
        let st = st.clone();
        let timing = timing.clone();
        let textarea = textarea.clone();
        use_effect(move || {
            if let Some(t0) = st.pending.borrow_mut().take() {
                let ms = dom::now() - t0;
                dom::publish("recheckMs", ms);
                let lines = st.ws.borrow().tabs.first().map(|t| t.content.lines().count()).unwrap_or(0);
                if let Some(el) = timing.cast::<web_sys::Element>() {
                    el.set_text_content(Some(&format!("re-check + render: {ms:.1} ms ({lines}-line Dockerfile)")));
                    let _ = el.set_attribute("data-ms", &format!("{ms:.2}"));
                }
                if !*st.first_report.borrow() {
                    *st.first_report.borrow_mut() = true;
                    dom::publish("firstReportMs", dom::now());
                }
                st.schedule_full();
            }
            if let Some((s, e)) = st.select.borrow_mut().take() {
                if let Some(ta) = textarea.cast::<HtmlTextAreaElement>() {
                    let _ = ta.focus();
                    let _ = ta.set_selection_range(s, e);
                }
            }
        });
    }

    let ws = st.ws.borrow();
    let checked = st.checked.borrow();
    let report: Option<&Report> = checked.as_ref().and_then(|c| c.result.as_ref().ok());
    let policy_issues: &[PolicyIssue] =
        checked.as_ref().and_then(|c| c.result.as_ref().err()).map(Vec::as_slice).unwrap_or(&[]);
    let full = checked.as_ref().is_some_and(|c| c.full);
    let rev_now = *st.rev.borrow();
    let checked_rev = checked.as_ref().map(|c| c.rev).unwrap_or(u64::MAX);
    let active = ws.active.min(ws.tabs.len().saturating_sub(1));
    let tab = &ws.tabs[active];
    let kind = seaworthy::detect_kind(&tab.path);
    let lang = Lang::of_path(&tab.path);

    // ---- callbacks -------------------------------------------------------------------------
    let on_edit = {
        let st = st.clone();
        Callback::from(move |text: String| {
            st.ws.borrow_mut().edit(active, text);
            st.changed(TYPING_DELAY);
        })
    };
    let on_caret = {
        let caret = caret.clone();
        Callback::from(move |c: u32| caret.set(Some(c)))
    };
    let undo = {
        let st = st.clone();
        Callback::from(move |_: MouseEvent| {
            if st.ws.borrow_mut().undo() {
                st.changed(0);
            }
        })
    };
    let redo = {
        let st = st.clone();
        Callback::from(move |_: MouseEvent| {
            if st.ws.borrow_mut().redo() {
                st.changed(0);
            }
        })
    };
    let load_example = {
        let st = st.clone();
        let status = status.clone();
        move |e: &'static Example| {
            let st = st.clone();
            let status = status.clone();
            Callback::from(move |_: MouseEvent| {
                st.ws.borrow_mut().load_example(e);
                status.set(format!("Loaded the example “{}”.", e.title));
                st.changed(0);
            })
        }
    };
    let select_tab = {
        let st = st.clone();
        move |i: usize| {
            let st = st.clone();
            Callback::from(move |_: MouseEvent| {
                st.ws.borrow_mut().select(i);
                st.force.force_update();
            })
        }
    };
    // Arrow keys, Home and End move between tabs (the tablist pattern).
    let tab_keys = {
        let st = st.clone();
        let n = ws.tabs.len();
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowRight" => (active + 1) % n,
                "ArrowLeft" => (active + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            let on_tab = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| el.get_attribute("role").as_deref() == Some("tab"));
            if !on_tab {
                return;
            }
            e.prevent_default();
            st.ws.borrow_mut().select(next);
            st.force.force_update();
            Timeout::new(0, move || {
                if let Some(el) =
                    dom::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&format!("tab-{next}")))
                {
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            })
            .forget();
        })
    };
    let remove_tab = {
        let st = st.clone();
        move |i: usize| {
            let st = st.clone();
            Callback::from(move |_: MouseEvent| {
                st.ws.borrow_mut().remove(i);
                st.changed(0);
            })
        }
    };
    let add_file = {
        let st = st.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(kind) = sel.value().parse::<usize>() {
                st.ws.borrow_mut().add_extra(kind);
                st.changed(0);
            }
            sel.set_value("");
        })
    };
    let on_preset = {
        let st = st.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            st.ws.borrow_mut().policy.preset = sel.value();
            st.changed(0);
        })
    };
    let on_team = {
        let st = st.clone();
        Callback::from(move |e: InputEvent| {
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            st.ws.borrow_mut().policy.team = ta.value();
            st.changed(TYPING_DELAY);
        })
    };
    let apply_all = {
        let st = st.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let (files, policy) = {
                let w = st.ws.borrow();
                (w.checked_files(), w.policy.clone())
            };
            match policy::fix_with_policy(&files, &FixOptions::default(), &policy) {
                Ok(res) => {
                    let applied: usize = res.files.iter().map(|f| f.applied.len()).sum();
                    let contents: Vec<(String, String)> = res.files.into_iter().map(|f| (f.path, f.content)).collect();
                    let n = st.ws.borrow_mut().replace_contents(&contents);
                    status.set(format!("Applied {applied} safe fix(es) to {n} file(s). Undo with Ctrl-Z."));
                    st.changed(0);
                }
                Err(_) => status.set("Fix the policy errors first.".into()),
            }
        })
    };
    let act = {
        let st = st.clone();
        let status = status.clone();
        let open = open.clone();
        use_memo((), move |_| {
            Callback::from(move |a: Act| match a {
                Act::Apply(d) => {
                    // A fix's offsets belong to the text it was computed for.
                    let fresh = st.checked.borrow().as_ref().is_some_and(|c| c.rev == *st.rev.borrow());
                    if !fresh {
                        status.set("The text changed since the last check: try again in a moment.".into());
                        return;
                    }
                    let title = d.fix.as_ref().map(|f| f.title.clone()).unwrap_or_default();
                    let r = st.ws.borrow_mut().apply_edits(&d.path, &edits_of(&d));
                    match r {
                        Ok(()) => {
                            status.set(format!("Applied: {title}."));
                            st.changed(0);
                        }
                        Err(e) => status.set(format!("Could not apply the fix: {e}.")),
                    }
                }
                Act::Goto(d) => {
                    let i = st.ws.borrow().tabs.iter().position(|t| t.path == d.path);
                    if let Some(i) = i {
                        st.ws.borrow_mut().select(i);
                        *st.select.borrow_mut() = Some((d.range.start.offset as u32, d.range.end.offset as u32));
                        st.force.force_update();
                    }
                }
                Act::Toggle(key) => {
                    {
                        let mut o = open.borrow_mut();
                        if !o.remove(&key) {
                            o.insert(key);
                        }
                    }
                    st.force.force_update();
                }
            })
        })
    };
    let on_group = {
        let group = group.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            group.set(GroupBy::parse(&sel.value()));
        })
    };
    let on_share = {
        let st = st.clone();
        let share_link = share_link.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let frag = share::encode(&st.ws.borrow().to_shared());
            dom::set_fragment(&frag);
            let link = format!("{}#{frag}", dom::base_url());
            dom::copy_text(&link);
            status
                .set(format!("Share link ready ({} characters); it holds the files, nothing is uploaded.", link.len()));
            share_link.set(link);
        })
    };
    let on_export = {
        let st = st.clone();
        let export = export.clone();
        let status = status.clone();
        move |json: bool| {
            let st = st.clone();
            let export = export.clone();
            let status = status.clone();
            Callback::from(move |_: MouseEvent| {
                let text = match st.checked.borrow().as_ref().map(|c| &c.result) {
                    Some(Ok(r)) if json => serde_json::to_string_pretty(r).unwrap_or_default(),
                    Some(Ok(r)) => view::markdown(r),
                    _ => {
                        status.set("There is no report to copy yet.".into());
                        return;
                    }
                };
                dom::copy_text(&text);
                let kind = if json { "JSON" } else { "Markdown" };
                status.set(format!("Copied the report as {kind} ({} characters).", text.len()));
                export.set(Some((kind.to_string(), text)));
            })
        }
    };
    let on_download = {
        let st = st.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let (tab, policy) = {
                let w = st.ws.borrow();
                (w.tabs[w.active.min(w.tabs.len() - 1)].clone(), w.policy.clone())
            };
            let content = if seaworthy::detect_kind(&tab.path).is_some() {
                let file = seaworthy::SourceFile { path: tab.path.clone(), content: tab.content.clone(), kind: None };
                match policy::fix_with_policy(&[file], &FixOptions::default(), &policy) {
                    Ok(mut r) => r.files.pop().map(|f| f.content).unwrap_or(tab.content.clone()),
                    Err(_) => tab.content.clone(),
                }
            } else {
                tab.content.clone()
            };
            let name = tab.path.rsplit('/').next().unwrap_or("Dockerfile").to_string();
            match dom::download(&name, &content) {
                Ok(()) => status.set(format!("Downloaded {name} with its safe fixes applied.")),
                Err(e) => status.set(format!("Download failed: {e}")),
            }
        })
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = match theme.as_str() {
                "auto" => "light",
                "light" => "dark",
                _ => "auto",
            };
            dom::apply_theme(next);
            dom::save_setting("seaworthy-theme", next);
            theme.set(next.to_string());
        })
    };
    let dismiss_banner = {
        let banner = banner.clone();
        Callback::from(move |_: MouseEvent| banner.set(None))
    };

    // ---- the active file's markers and notes -------------------------------------------------
    let diags_here: Vec<&ReportDiagnostic> = report
        .map(|r| r.files.iter().filter(|f| f.path == tab.path).flat_map(|f| f.diagnostics.iter()).collect())
        .unwrap_or_default();
    let yaml_problems = if lang == Lang::Yaml { checks::yaml_problems(&tab.content) } else { Vec::new() };
    let mut marks: Vec<Mark> =
        diags_here.iter().map(|d| Mark { start: d.span.start, end: d.span.end, severity: d.severity }).collect();
    let mut notes: Vec<LineNote> = diags_here
        .iter()
        .map(|d| LineNote {
            line: d.range.start.line,
            severity: d.severity,
            text: format!("{} {}: {}", d.severity.as_str(), d.rule.id, d.message),
        })
        .collect();
    for p in &yaml_problems {
        marks.push(Mark { start: p.start, end: p.end, severity: Severity::Error });
        notes.push(LineNote { line: p.line, severity: Severity::Error, text: format!("YAML syntax: {}", p.message) });
    }
    let at_caret: Vec<&ReportDiagnostic> = match *caret {
        Some(c) => diags_here
            .iter()
            .copied()
            .filter(|d| {
                d.range.start.offset <= c as usize && c as usize <= d.range.end.offset.max(d.range.start.offset)
            })
            .collect(),
        None => Vec::new(),
    };

    // ---- file notices --------------------------------------------------------------------
    let mut notices: Vec<Html> = Vec::new();
    if tab.content.trim().is_empty() {
        let what = match kind {
            Some(FileKind::Dockerfile) => "Paste a Dockerfile here, or pick an example above.",
            Some(FileKind::Compose) => {
                "Paste a docker-compose file here (services, images, ports…), or load the compose example."
            }
            None => "This file is empty.",
        };
        notices.push(html! { <p class="notice empty" id="empty-state">{ what }</p> });
    } else if kind == Some(FileKind::Dockerfile) {
        if let Some(msg) = checks::not_a_dockerfile(&tab.content) {
            notices.push(html! { <p class="notice error" role="alert" id="not-dockerfile">{ msg }</p> });
        }
    }
    if kind == Some(FileKind::Compose) && !tab.content.trim().is_empty() {
        if !yaml_problems.is_empty() {
            notices.push(html! {
                <div class="notice error" role="alert" id="yaml-errors">
                    <strong>{ "YAML syntax errors" }</strong>
                    <ul>{ for yaml_problems.iter().map(|p| html!{ <li>{ format!("line {}: {}", p.line, p.message) }</li> }) }</ul>
                </div>
            });
        }
        if !policy::CORE_CHECKS_COMPOSE {
            notices.push(html! { <p class="notice" id="compose-note">{ "Compose rules are not in this build yet: the file is checked here for common YAML errors and kept in share links, but it does not count in the score. Its findings will show up here as soon as the core checks compose files." }</p> });
        } else {
            notices.push(html! { <p class="notice" id="compose-note">{ "Compose files are checked with the Dockerfiles of the other tabs: a service that builds one is scored together with it, and cross-file rules (build targets, exposed ports, healthcheck tools) see both." }</p> });
        }
    }
    if kind.is_none() {
        let what = if seaworthy::context::is_ignore_file(&tab.path) {
            "it is not checked itself, but the Dockerfile rules read it: a COPY of a file it excludes (copy-ignored-file) and a COPY that would send another tab such as .env into the image (sensitive-files-not-ignored) are reported"
        } else {
            "it is not checked itself, but it is part of the build context (a COPY that would send it into the image is reported unless .dockerignore excludes it) and it travels with share links"
        };
        notices.push(html! { <p class="notice">{ format!("{} is a build-context file: {what}.", tab.path) }</p> });
    }

    // ---- score panel ---------------------------------------------------------------------
    let score_panel = match report {
        None if !policy_issues.is_empty() => html! {
            <section id="score" class="panel" aria-labelledby="score-h">
                <h2 id="score-h">{ "Score" }</h2>
                <p class="notice error">{ "The policy has errors (see Policy), so nothing was checked." }</p>
            </section>
        },
        None => html! {
            <section id="score" class="panel" aria-labelledby="score-h"><h2 id="score-h">{ "Score" }</h2><p>{ "Checking…" }</p></section>
        },
        Some(r) if r.files.is_empty() => html! {
            <section id="score" class="panel" data-ready="true" aria-labelledby="score-h">
                <h2 id="score-h">{ "Score" }</h2>
                <p class="notice empty">{ "Nothing to check yet: paste a Dockerfile or a compose file, or pick an example." }</p>
            </section>
        },
        Some(r) => {
            let sv = view::score_view(r);
            let g = view::grade_str(sv.grade);
            let target = match (full, sv.after_safe) {
                (false, _) => html! { <p class="after" id="after-fix">{ "Computing the score after fixes…" }</p> },
                (true, Some(s)) if s > sv.value => html! {
                    <p class="after" id="after-fix" data-after-safe={s.to_string()}>
                        { format!("Apply all safe fixes to reach {s} ({} → {})", g, view::grade_str(seaworthy::score::Grade::of(s))) }
                        { match sv.after_all { Some(a) if a > s => format!("; {a} with the unsafe ones too."), _ => ".".into() } }
                    </p>
                },
                (true, _) => html! { <p class="after" id="after-fix">{ "No safe fix would raise the score." }</p> },
            };
            html! {
                <section id="score" class="panel" data-ready="true" aria-labelledby="score-h">
                    <h2 id="score-h">{ "Score" }</h2>
                    <div class="score-top">
                        <div class={classes!("grade", format!("grade-{g}"))} id="grade" aria-label={format!("Grade {g}")}>{ g }</div>
                        <div>
                            <div class="score-value"><span id="score-value">{ sv.value }</span>{ "/100" }</div>
                            <div class="counts">{ format!("{} errors · {} warnings · {} infos · {} style · {} fixable", r.summary.errors, r.summary.warnings, r.summary.infos, r.summary.styles, r.summary.fixable) }</div>
                        </div>
                    </div>
                    { target }
                    <button type="button" id="apply-all" class="primary" onclick={apply_all} disabled={r.summary.fixable == 0}>{ "Apply all safe fixes" }</button>
                    <ul class="bars">
                        { for sv.categories.iter().map(|(c, v, gr)| {
                            let id = format!("bar-{}", c.as_str());
                            html! {
                                <li>
                                    <label for={id.clone()}>{ view::capitalise(c.as_str()) }</label>
                                    <meter id={id} min="0" max="100" low="70" high="90" optimum="100" value={v.to_string()}>{ format!("{v}/100") }</meter>
                                    <span class="bar-val">{ format!("{v} {}", view::grade_str(*gr)) }</span>
                                </li>
                            }
                        }) }
                    </ul>
                    if r.files.len() > 1 {
                        <p class="per-file">{ for r.files.iter().map(|f| html!{ <span>{ format!("{}: {} ({})  ", f.path, f.score.value, view::grade_str(f.score.grade)) }</span> }) }</p>
                    }
                </section>
            }
        }
    };

    // ---- findings ------------------------------------------------------------------------
    let findings = match report {
        None => html! {},
        Some(r) if r.files.is_empty() => html! {},
        Some(r) if r.summary.diagnostics == 0 => html! {
            <section id="findings" class="panel" aria-labelledby="findings-h">
                <h2 id="findings-h">{ "Findings" }</h2>
                <p class="notice good" id="no-findings">{ "No findings: this is seaworthy." }</p>
            </section>
        },
        Some(r) => {
            let open_set = open.borrow();
            let groups = view::groups(r, *group);
            html! {
                <section id="findings" class="panel" aria-labelledby="findings-h">
                    <div class="findings-head">
                        <h2 id="findings-h">{ format!("Findings ({})", r.summary.diagnostics) }</h2>
                        <label>{ "Group by " }
                            <select id="group-by" onchange={on_group}>
                                { for GroupBy::ALL.iter().map(|g| html!{ <option value={g.as_str()} selected={*g == *group}>{ g.as_str() }</option> }) }
                            </select>
                        </label>
                    </div>
                    { for groups.iter().map(|g| {
                        let all_key = format!("all:{}", g.key);
                        let show_all = open_set.contains(&all_key) || g.items.len() <= GROUP_LIMIT;
                        let shown = if show_all { g.items.len() } else { GROUP_LIMIT };
                        html! {
                            <section class="group" data-group={g.key.clone()}>
                                <h3>{ format!("{} ({})", g.title, g.items.len()) }</h3>
                                <ul class="finding-list">
                                    { for g.items.iter().take(shown).map(|d| {
                                        let is_open = open_set.contains(&finding_key(d));
                                        let src = is_open.then(|| ws.tabs.iter().find(|t| t.path == d.path).map(|t| t.content.clone()).unwrap_or_default());
                                        html! { <FindingItem d={(*d).clone()} open={is_open} {src} act={(*act).clone()} /> }
                                    }) }
                                </ul>
                                if !show_all {
                                    <button type="button" class="link" onclick={{ let act = (*act).clone(); Callback::from(move |_: MouseEvent| act.emit(Act::Toggle(all_key.clone()))) }}>
                                        { format!("Show all {} {}", g.items.len(), g.title.to_lowercase()) }
                                    </button>
                                }
                            </section>
                        }
                    }) }
                </section>
            }
        }
    };

    // ---- the page ------------------------------------------------------------------------
    let shown = examples::shown(team::EXAMPLES);
    html! {
        <div class="app">
            <a class="skip" href="#editor-input">{ "Skip to the editor" }</a>
            <header class="top">
                <h1>{ team::TITLE }</h1>
                <div class="toolbar" role="toolbar" aria-label="Actions">
                    <button type="button" id="undo" onclick={undo} disabled={!ws.can_undo()} title="Undo (Ctrl-Z outside the editor)">{ "Undo" }</button>
                    <button type="button" id="redo" onclick={redo} disabled={!ws.can_redo()} title="Redo (Ctrl-Shift-Z outside the editor)">{ "Redo" }</button>
                    <button type="button" id="share" onclick={on_share}>{ "Share link" }</button>
                    <button type="button" id="copy-md" onclick={on_export(false)}>{ "Copy Markdown" }</button>
                    <button type="button" id="copy-json" onclick={on_export(true)}>{ "Copy JSON" }</button>
                    <button type="button" id="download" onclick={on_download}>{ format!("Download fixed {}", tab.path) }</button>
                    <button type="button" id="theme" onclick={on_theme} aria-label={format!("Theme: {} (change)", *theme)}>{ format!("Theme: {}", *theme) }</button>
                </div>
            </header>
            if let Some(b) = (*banner).clone() {
                <div class="banner error" role="alert" id="banner">{ b }<button type="button" class="link" onclick={dismiss_banner}>{ "Dismiss" }</button></div>
            }
            <p class="status" role="status" aria-live="polite" id="status">{ (*status).clone() }</p>
            <main class="layout">
                <div class="col">
                    <section class="panel gallery" aria-labelledby="examples-h">
                        <h2 id="examples-h">{ "Examples" }</h2>
                        <ul>
                            { for shown.iter().map(|e| html! {
                                <li><button type="button" class="example" data-example={e.id} onclick={load_example(e)}>
                                    <strong>{ e.title }</strong><span>{ e.blurb }</span>
                                </button></li>
                            }) }
                        </ul>
                    </section>
                    <section class="panel files" aria-label="Files">
                        <div class="tabs" role="tablist" aria-label="Files" onkeydown={tab_keys}>
                            { for ws.tabs.iter().enumerate().map(|(i, t)| {
                                let n = report.and_then(|r| r.files.iter().find(|f| f.path == t.path)).map(|f| f.diagnostics.len()).unwrap_or(0);
                                html! {
                                    <span class="tab-wrap">
                                        <button type="button" role="tab" class="tab" id={format!("tab-{i}")} data-path={t.path.clone()}
                                            aria-selected={(i == active).to_string()} tabindex={if i == active { "0" } else { "-1" }} aria-controls="editor-panel" onclick={select_tab(i)}>
                                            { t.path.clone() }
                                            if n > 0 { <span class="count">{ n }</span> }
                                        </button>
                                        if i >= 2 {
                                            <button type="button" class="close" aria-label={format!("Remove {}", t.path)} onclick={remove_tab(i)}>{ "×" }</button>
                                        }
                                    </span>
                                }
                            }) }
                            <label class="add">
                                <span class="sr-only">{ "Add a file" }</span>
                                <select id="add-file" onchange={add_file}>
                                    <option value="" selected=true>{ "+ Add file…" }</option>
                                    { for EXTRA_KINDS.iter().enumerate().map(|(i, (name, _))| html!{ <option value={i.to_string()}>{ *name }</option> }) }
                                </select>
                            </label>
                        </div>
                        <div id="editor-panel" role="tabpanel" aria-labelledby={format!("tab-{active}")}>
                            { for notices }
                            <Editor
                                id="editor-input"
                                label={format!("Contents of {}", tab.path)}
                                text={AttrValue::from(tab.content.clone())}
                                {lang}
                                marks={Rc::new(marks)}
                                notes={Rc::new(notes)}
                                textarea={textarea.clone()}
                                oninput={on_edit}
                                oncaret={on_caret}
                            />
                            <p class="caret-info" aria-live="polite" id="caret-info">
                                { for at_caret.iter().map(|d| html!{ <span class={classes!("tip-line", sev_class(d.severity))}>{ format!("{} {}: {} ", d.severity.as_str(), d.rule.id, d.message) }</span> }) }
                            </p>
                        </div>
                    </section>
                    <section class="panel policy" aria-labelledby="policy-h">
                        <h2 id="policy-h">{ "Policy" }</h2>
                        <label for="preset">{ "Preset" }</label>
                        <select id="preset" onchange={on_preset}>
                            { for policy::PRESETS.iter().map(|p| html!{ <option value={*p} selected={ws.policy.preset == *p}>{ *p }</option> }) }
                        </select>
                        <label for="team-policy">{ "Team policy (.seaworthy.toml)" }</label>
                        <textarea id="team-policy" class="team" rows="6" spellcheck="false" value={ws.policy.team.clone()} oninput={on_team}
                            placeholder={"extends = \"recommended\"\n\n[rules]\nmissing-healthcheck = \"off\""} />
                        <p class="notice" id="policy-note">{
                            if !policy::POLICIES_APPLIED {
                                format!("Policies are not applied by this build yet: the preset “{}” and the team policy are kept (and shared) but every default rule runs.", ws.policy.preset)
                            } else if ws.policy.team.trim().is_empty() {
                                format!("Checking with the “{}” preset.", ws.policy.preset)
                            } else {
                                "Checking with the team policy above (its `extends` names the preset it builds on).".to_string()
                            }
                        }</p>
                        if !policy_issues.is_empty() {
                            <ul class="notice error" role="alert" id="policy-errors">
                                { for policy_issues.iter().map(policy_issue) }
                            </ul>
                        }
                    </section>
                </div>
                <div class="col" id="report" data-rev={rev_now.to_string()} data-checked-rev={checked_rev.to_string()} data-full={full.to_string()}>
                    { score_panel }
                    { findings }
                    if !share_link.is_empty() || export.is_some() {
                        <section class="panel" aria-labelledby="out-h">
                            <h2 id="out-h">{ "Share and export" }</h2>
                            if !share_link.is_empty() {
                                <label for="share-link">{ "Share link (the files travel in the link: no server)" }</label>
                                <input id="share-link" readonly=true value={(*share_link).clone()} />
                            }
                            if let Some((kind, text)) = (*export).clone() {
                                <label for="export-out">{ format!("Report as {kind}") }</label>
                                <textarea id="export-out" readonly=true rows="8" value={text} />
                            }
                        </section>
                    }
                </div>
            </main>
            <footer>
                <span id="timing" ref={timing}>{ "re-check + render: …" }</span>
                { format!(" · seaworthy {} · everything runs in this page: no file leaves your browser", env!("CARGO_PKG_VERSION")) }
            </footer>
        </div>
    }
}

fn policy_issue(i: &PolicyIssue) -> Html {
    let at = match (i.line, i.column) {
        (Some(l), Some(c)) => format!("line {l}, column {c}: "),
        (Some(l), None) => format!("line {l}: "),
        _ => String::new(),
    };
    html! { <li>{ format!("{at}{}", i.message) }</li> }
}

/// The expandable part of a finding: its fix preview and the rule's documentation.
fn details(d: &ReportDiagnostic, src: &str, docs: Option<&Result<crate::docs::Docs, String>>) -> Html {
    let preview = d.fix.as_ref().map(|f| {
        let edits: Vec<Edit> = f.edits.iter().map(|e| Edit::replace(e.span, e.text.clone())).collect();
        match view::fix_preview(src, &edits) {
            Some(lines) => html! {
                <figure class="diff">
                    <figcaption>{ format!("Fix preview ({}): {}", applicability_str(f.applicability), f.title) }</figcaption>
                    <pre>{ for lines.iter().map(|l| match l {
                        DiffLine::Context(t) => html!{ <span class="d-ctx">{ format!("  {t}\n") }</span> },
                        DiffLine::Removed(t) => html!{ <del class="d-del">{ format!("- {t}\n") }</del> },
                        DiffLine::Added(t) => html!{ <ins class="d-add">{ format!("+ {t}\n") }</ins> },
                    }) }</pre>
                </figure>
            },
            None => html! { <p class="notice">{ "The fix preview is out of date: the text changed since the last check." }</p> },
        }
    });
    let info = seaworthy::rules::find_rule(&d.rule.id);
    let text = match docs {
        None => html! { <p class="notice">{ "Loading the rule's documentation…" }</p> },
        Some(Ok(map)) => match map.get(&d.rule.id) {
            Some(md) => render_docs(md),
            None => html! { <p class="notice">{ "No documentation for this rule." }</p> },
        },
        Some(Err(e)) => html! { <p class="notice">{ format!("Could not load the rule's documentation: {e}") }</p> },
    };
    html! {
        <>
            { preview.unwrap_or_default() }
            if let Some(info) = info {
                <div class="docs">
                    <p class="equiv">
                        <strong>{ "Equivalents: " }</strong>
                        { if info.equivalents.is_empty() { "none (Seaworthy only)".to_string() } else { info.equivalents.join(", ") } }
                    </p>
                    { text }
                </div>
            }
        </>
    }
}
