//! The parse in BuildKit's node shape (`seaworthy parse`), as in
//! `buildkit-oracle.jsonl`: used for conformance testing against BuildKit.

use super::ast::*;
use serde::Serialize;

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct OracleHeredoc {
    pub name: String,
    pub content: String,
    pub expand: bool,
    pub chomp: bool,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct OracleInstruction {
    pub keyword: String,
    pub flags: Vec<String>,
    pub args: Vec<String>,
    pub start_line: usize,
    pub end_line: usize,
    pub heredocs: Vec<OracleHeredoc>,
    pub json: bool,
}

/// One file's parse in BuildKit's shape.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum OracleFile {
    Ok { file: String, ok: bool, instructions: Vec<OracleInstruction> },
    Err { file: String, ok: bool, error: String },
}

fn args_of(args: &Args, out: &mut Vec<String>) {
    match args {
        Args::None | Args::Onbuild { .. } => {}
        Args::Json { items, .. } => out.extend(items.iter().map(|w| w.value.clone())),
        Args::Shell { text, .. } | Args::String { text } => out.push(text.value.clone()),
        Args::Words { words } => out.extend(words.iter().map(|w| w.value.clone())),
        Args::Pairs { pairs } => {
            for p in pairs {
                out.push(p.key.value.clone());
                out.push(p.value.as_ref().map(|v| v.value.clone()).unwrap_or_default());
                out.push(if p.legacy { String::new() } else { "=".to_string() });
            }
        }
        Args::ArgNames { pairs } => {
            for p in pairs {
                match &p.value {
                    Some(v) => out.push(format!("{}={}", p.key.value, v.value)),
                    None => out.push(p.key.value.clone()),
                }
            }
        }
        Args::Healthcheck { kind, cmd } => {
            out.push(kind.value.clone());
            args_of(cmd, out);
        }
        Args::Ignored { .. } => out.push(String::new()),
    }
}

/// Maps a parse to BuildKit's shape. A file BuildKit would reject gives `ok: false`
/// with BuildKit's message for the first such error.
pub fn to_oracle(file: &str, df: &Dockerfile) -> OracleFile {
    if let Some(e) = df.errors.iter().find(|e| e.kind == ParseErrorKind::Error) {
        return OracleFile::Err { file: file.to_string(), ok: false, error: format!("line {}: {}", e.line, e.message) };
    }
    let instructions = df
        .instructions
        .iter()
        .map(|ins| {
            let mut args = Vec::new();
            args_of(&ins.args, &mut args);
            OracleInstruction {
                keyword: ins.keyword_text.to_string(),
                flags: ins.flags.iter().map(|f| f.raw.clone()).collect(),
                args,
                start_line: ins.start_line as usize,
                end_line: ins.end_line as usize,
                heredocs: ins
                    .heredocs
                    .iter()
                    .map(|h| OracleHeredoc {
                        name: h.name.clone(),
                        content: h.content.clone(),
                        expand: h.expand,
                        chomp: h.chomp,
                    })
                    .collect(),
                json: ins.is_json(),
            }
        })
        .collect();
    OracleFile::Ok { file: file.to_string(), ok: true, instructions }
}
