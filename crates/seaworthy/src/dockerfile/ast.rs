//! The Dockerfile syntax tree. Every byte of the input belongs to exactly one
//! [`Segment`]; instructions additionally carry spans for their keyword, flags,
//! arguments, heredocs and variable references.

use crate::span::Span;
use serde::Serialize;

/// A parsed Dockerfile.
#[derive(Clone, Debug, Serialize)]
pub struct Dockerfile {
    /// Length of the source in bytes.
    pub len: usize,
    /// The escape character in force (`\` or `` ` ``).
    pub escape: char,
    /// Span of a leading UTF-8 byte-order mark, if any.
    pub bom: Option<Span>,
    /// Parser directives (`# syntax=`, `# escape=`, `# check=`) honoured by BuildKit.
    pub directives: Vec<Directive>,
    /// Every comment line (whole-line comments, including those inside continuations).
    pub comments: Vec<Comment>,
    pub instructions: Vec<Instruction>,
    /// A partition of the whole input, in order: concatenating the segments' texts gives the input back.
    pub segments: Vec<Segment>,
    /// Syntax errors and warnings found while parsing.
    pub errors: Vec<ParseError>,
}

/// A piece of the input at top level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub kind: SegmentKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "index")]
/// The indices are `u32` (a segment is 24 bytes, not 32): no file that fits in memory has
/// 4 billion lines.
pub enum SegmentKind {
    /// A byte-order mark.
    Bom,
    /// A parser directive line (index into `directives`).
    Directive(u32),
    /// A whole-line comment outside an instruction (index into `comments`).
    Comment(u32),
    /// Whitespace-only line(s).
    Blank,
    /// An instruction, with its continuation lines, inner comments and heredoc bodies (index into `instructions`).
    Instruction(u32),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// Lower-cased name: `syntax`, `escape` or `check`.
    pub name: String,
    pub value: String,
    pub span: Span,
    pub value_span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The whole line without its line ending, from the `#`.
    pub span: Span,
    /// Text after `#`, trimmed (exactly its bytes: 16 bytes, not a 24-byte `String`).
    pub text: crate::shell::ShStr,
    /// Whether the comment sits inside an instruction's continuation lines.
    pub inside_instruction: bool,
}

/// How serious a parse problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParseErrorKind {
    /// BuildKit would refuse to build this file.
    Error,
    /// BuildKit accepts the file but warns.
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParseError {
    pub kind: ParseErrorKind,
    /// Short stable code, e.g. `unterminated-heredoc`.
    pub code: &'static str,
    pub message: String,
    pub span: Span,
    /// 1-based line BuildKit reports the error on (used for the BuildKit-shaped output).
    pub line: usize,
}

/// Instruction keywords BuildKit knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Anything else (BuildKit keeps the node, drops its arguments, and fails the build later).
    Unknown,
}

impl Keyword {
    pub fn from_lowercase(s: &str) -> Keyword {
        match s {
            "add" => Keyword::Add,
            "arg" => Keyword::Arg,
            "cmd" => Keyword::Cmd,
            "copy" => Keyword::Copy,
            "entrypoint" => Keyword::Entrypoint,
            "env" => Keyword::Env,
            "expose" => Keyword::Expose,
            "from" => Keyword::From,
            "healthcheck" => Keyword::Healthcheck,
            "label" => Keyword::Label,
            "maintainer" => Keyword::Maintainer,
            "onbuild" => Keyword::Onbuild,
            "run" => Keyword::Run,
            "shell" => Keyword::Shell,
            "stopsignal" => Keyword::Stopsignal,
            "user" => Keyword::User,
            "volume" => Keyword::Volume,
            "workdir" => Keyword::Workdir,
            _ => Keyword::Unknown,
        }
    }
    /// The lower-case spelling BuildKit reports (`None` for [`Keyword::Unknown`]).
    pub fn lowercase(self) -> Option<&'static str> {
        Some(match self {
            Keyword::Add => "add",
            Keyword::Arg => "arg",
            Keyword::Cmd => "cmd",
            Keyword::Copy => "copy",
            Keyword::Entrypoint => "entrypoint",
            Keyword::Env => "env",
            Keyword::Expose => "expose",
            Keyword::From => "from",
            Keyword::Healthcheck => "healthcheck",
            Keyword::Label => "label",
            Keyword::Maintainer => "maintainer",
            Keyword::Onbuild => "onbuild",
            Keyword::Run => "run",
            Keyword::Shell => "shell",
            Keyword::Stopsignal => "stopsignal",
            Keyword::User => "user",
            Keyword::Volume => "volume",
            Keyword::Workdir => "workdir",
            Keyword::Unknown => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "UNKNOWN",
        }
    }
    /// Whether BuildKit expands `$VAR` references in this instruction's arguments.
    pub fn expands_variables(self) -> bool {
        matches!(
            self,
            Keyword::Add
                | Keyword::Copy
                | Keyword::Env
                | Keyword::Expose
                | Keyword::From
                | Keyword::Label
                | Keyword::Stopsignal
                | Keyword::User
                | Keyword::Volume
                | Keyword::Workdir
                | Keyword::Arg
                | Keyword::Onbuild
        )
    }
}

/// A piece of text with its decoded value and its source span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Word {
    /// The value as BuildKit sees it (continuations removed; JSON strings decoded).
    pub value: String,
    /// Where it is written in the source (covers quotes and any continuation lines inside).
    pub span: Span,
}

/// A `--name[=value]` flag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// Name without the leading `--`, e.g. `mount`.
    pub name: String,
    /// Value with quotes and escapes removed; `None` for a bare `--link`.
    pub value: Option<String>,
    /// The whole flag as written (from `--` to the end of the value).
    pub span: Span,
    pub name_span: Span,
    pub value_span: Option<Span>,
    /// The flag as BuildKit reports it: `--name=value` (unquoted).
    pub raw: String,
}

/// `KEY=value` (ENV, LABEL, ARG) or legacy `KEY value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyValue {
    pub key: Word,
    /// `None` for ARG without a default.
    pub value: Option<Word>,
    /// Whole pair as written.
    pub span: Span,
    /// Legacy whitespace form (`ENV KEY value`).
    pub legacy: bool,
}

impl KeyValue {
    /// The value with surrounding quotes and escapes removed, as the builder would store it
    /// (before variable expansion).
    pub fn unquoted_value(&self, escape: char) -> Option<String> {
        self.value.as_ref().map(|v| crate::dockerfile::words::unquote(&v.value, escape))
    }
}

/// The arguments of an instruction, by the form BuildKit parsed them in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "form")]
pub enum Args {
    /// No arguments.
    None,
    /// JSON (exec) form: `["a", "b"]`.
    Json { items: Vec<Word>, span: Span },
    /// Shell form: the command text with continuations removed; `offset` is where it starts
    /// in the instruction's logical line.
    Shell { text: Word, offset: usize },
    /// Whitespace-separated words (FROM, EXPOSE, ADD/COPY/VOLUME in non-JSON form).
    Words { words: Vec<Word> },
    /// The rest of the line as one string (USER, WORKDIR, MAINTAINER, STOPSIGNAL).
    String { text: Word },
    /// ENV / LABEL pairs.
    Pairs { pairs: Vec<KeyValue> },
    /// ARG names with optional defaults.
    ArgNames { pairs: Vec<KeyValue> },
    /// HEALTHCHECK `NONE` or `CMD ...`.
    Healthcheck { kind: Word, cmd: Box<Args> },
    /// ONBUILD's trigger instruction.
    Onbuild { inner: Box<Instruction> },
    /// Arguments of an unknown instruction (BuildKit drops them).
    Ignored { text: Option<Word> },
}

/// A heredoc attached to RUN/COPY/ADD.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// Delimiter word with quotes removed.
    pub name: String,
    /// Whether the content is subject to variable expansion (delimiter not quoted).
    pub expand: bool,
    /// `<<-`: leading tabs are stripped.
    pub chomp: bool,
    /// Span of the `<<EOF` marker on the instruction line.
    pub marker_span: Span,
    /// Span of the body (the lines between the instruction and the terminator).
    pub body_span: Span,
    /// The raw body text, lines with their line endings.
    pub content: String,
    /// Span of the terminator line (without line ending); `None` if unterminated.
    pub terminator_span: Option<Span>,
}

/// A `$NAME` / `${NAME...}` reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VarRef {
    pub name: String,
    pub span: Span,
    pub name_span: Span,
    /// `:-`, `-`, `:+`, `+`, `:?`, `?`, or `""` for a plain reference.
    pub modifier: String,
    /// The word after the modifier (default, alternative or error message), raw.
    pub operand: Option<String>,
}

/// One instruction, possibly spanning several lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as BuildKit reports it (lower-cased, also for unknown words).
    pub keyword_text: std::borrow::Cow<'static, str>,
    pub keyword_span: Span,
    /// From the keyword to the end of the last line that belongs to it (heredoc terminators included,
    /// line ending excluded).
    pub span: Span,
    /// 1-based first and last line, as BuildKit counts them (`u32`: no file that fits in
    /// memory has 4 billion lines; 8 bytes less per instruction).
    pub start_line: u32,
    pub end_line: u32,
    pub flags: crate::shell::RareList<Flag>,
    pub args: Args,
    pub heredocs: crate::shell::RareList<Heredoc>,
    /// Variable references in arguments that BuildKit expands (not in shell-form RUN/CMD/ENTRYPOINT).
    pub var_refs: crate::shell::RareList<VarRef>,
    /// Comments directly above the instruction (BuildKit's `PrevComment`): where each text is
    /// in the source (after the `#`, trimmed; `span.text(src)`), rather than a copy of it.
    pub prev_comments: crate::shell::RareList<Span>,
    /// The piece table of the logical line (physical lines joined with continuations and
    /// inner comments removed): maps offsets of the arguments' text back to the source.
    #[serde(skip)]
    pub logical: crate::dockerfile::logical::LogicalMap,
    /// The shell scripts of a RUN, lexed on first use (see `model::run_scripts`).
    #[serde(skip)]
    pub scripts: std::cell::OnceCell<Box<[crate::shell::Script]>>,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }
    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| f.name.eq_ignore_ascii_case(name))
    }
    /// Whether the arguments are in JSON (exec) form.
    pub fn is_json(&self) -> bool {
        match &self.args {
            Args::Json { .. } => true,
            Args::Healthcheck { cmd, .. } => matches!(**cmd, Args::Json { .. }),
            _ => false,
        }
    }
    /// Argument words in BuildKit's order (for instructions with word-like arguments).
    pub fn arg_words(&self) -> Vec<&Word> {
        match &self.args {
            Args::Json { items, .. } => items.iter().collect(),
            Args::Words { words } => words.iter().collect(),
            Args::Shell { text, .. } | Args::String { text } => vec![text],
            _ => Vec::new(),
        }
    }
    /// The instruction ONBUILD wraps, or the instruction itself.
    pub fn effective(&self) -> &Instruction {
        match &self.args {
            Args::Onbuild { inner } => inner,
            _ => self,
        }
    }
}
