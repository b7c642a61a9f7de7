//! The editor: a transparent textarea over a highlighted `<pre>` built from Yew nodes (user
//! text is only ever a text node), line numbers, and a gutter marker per line with findings
//! whose tooltip shows them on hover and on keyboard focus.

use seaworthy::Severity;
use seaworthy_web::highlight::{self, Lang, Mark};
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// What the gutter shows for one line.
#[derive(Clone, Debug, PartialEq)]
pub struct LineNote {
    /// 1-based line.
    pub line: usize,
    pub severity: Severity,
    pub text: String,
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The textarea's id (its label points at it).
    pub id: AttrValue,
    pub label: AttrValue,
    pub text: AttrValue,
    pub lang: Lang,
    pub marks: Rc<Vec<Mark>>,
    pub notes: Rc<Vec<LineNote>>,
    pub textarea: NodeRef,
    pub oninput: Callback<String>,
    /// The caret moved: its UTF-16 offset.
    pub oncaret: Callback<u32>,
}

pub fn sev_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
        Severity::Style => "sev-style",
    }
}

#[function_component(Editor)]
pub fn editor(p: &EditorProps) -> Html {
    let text: &str = &p.text;
    let tokens = highlight::tokens(text, p.lang);
    let lines = highlight::lines(text, &tokens, &p.marks);
    let count = lines.len();

    let oninput = {
        let cb = p.oninput.clone();
        Callback::from(move |e: InputEvent| {
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            cb.emit(ta.value());
        })
    };
    let caret = {
        let cb = p.oncaret.clone();
        let r = p.textarea.clone();
        move || {
            if let Some(ta) = r.cast::<HtmlTextAreaElement>() {
                if let Ok(Some(s)) = ta.selection_start() {
                    cb.emit(s);
                }
            }
        }
    };
    let onkeyup = {
        let c = caret.clone();
        Callback::from(move |_: KeyboardEvent| c())
    };
    let onclick = {
        let c = caret.clone();
        Callback::from(move |_: MouseEvent| c())
    };
    let onfocus = Callback::from(move |_: FocusEvent| caret());

    let mut by_line: Vec<Vec<LineNote>> = vec![Vec::new(); count + 1];
    for n in p.notes.iter() {
        let l = n.line.clamp(1, count.max(1));
        by_line[l].push(n.clone());
    }
    let gutter = by_line.into_iter().enumerate().skip(1).map(|(n, notes)| html! { <GutterLine {n} {notes} /> });
    let code = lines.iter().map(|pieces| {
        let pieces: Vec<OwnedPiece> =
            pieces.iter().map(|x| OwnedPiece { text: x.text.to_string(), tok: x.tok, mark: x.mark }).collect();
        html! { <CodeLine {pieces} /> }
    });

    html! {
        <div class="editor">
            <div class="gutter">{ for gutter }</div>
            <div class="code">
                <pre class="hl" aria-hidden="true">{ for code }</pre>
                <textarea
                    id={p.id.clone()}
                    ref={p.textarea.clone()}
                    aria-label={p.label.clone()}
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    value={p.text.clone()}
                    {oninput}
                    {onkeyup}
                    {onclick}
                    {onfocus}
                />
            </div>
        </div>
    }
}

/// One highlighted piece of a line.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnedPiece {
    text: String,
    tok: Option<highlight::Tok>,
    mark: Option<Severity>,
}

#[derive(Properties, PartialEq)]
struct CodeLineProps {
    pieces: Vec<OwnedPiece>,
}

/// One line of the highlighted overlay; a component so unchanged lines are not re-rendered.
#[function_component(CodeLine)]
fn code_line(p: &CodeLineProps) -> Html {
    html! {
        <span class="line">
            { for p.pieces.iter().map(|piece| {
                let mut c = Classes::new();
                if let Some(t) = piece.tok { c.push(t.class()); }
                if let Some(m) = piece.mark { c.push("mk"); c.push(sev_class(m)); }
                if c.is_empty() {
                    html!{ piece.text.clone() }
                } else {
                    html!{ <span class={c}>{ piece.text.clone() }</span> }
                }
            }) }
            { "\n" }
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct GutterLineProps {
    n: usize,
    notes: Vec<LineNote>,
}

/// A line number, and a marker whose tooltip lists the line's findings (hover or focus).
#[function_component(GutterLine)]
fn gutter_line(p: &GutterLineProps) -> Html {
    let n = p.n;
    let notes = &p.notes;
    let marker = if notes.is_empty() {
        html! {}
    } else {
        let worst = notes.iter().map(|x| x.severity).max().unwrap_or(Severity::Info);
        let summary = format!("Line {n}: {} finding{}", notes.len(), if notes.len() == 1 { "" } else { "s" });
        html! {
            <button type="button" class={classes!("gm", sev_class(worst))} aria-label={summary}>
                <span aria-hidden="true">{"●"}</span>
                <span class="tip" role="tooltip">
                    { for notes.iter().map(|x| html!{ <span class={classes!("tip-line", sev_class(x.severity))}>{ x.text.clone() }</span> }) }
                </span>
            </button>
        }
    };
    html! { <div class="gl"><span class="num">{ n }</span>{ marker }</div> }
}
