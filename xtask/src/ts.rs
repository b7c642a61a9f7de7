//! TypeScript declarations for the npm package, generated from the Rust types' JSON Schemas
//! (schemars), so they cannot drift from what the wasm module returns.

use schemars::gen::{SchemaGenerator, SchemaSettings};
use schemars::schema::{InstanceType, Schema, SchemaObject, SingleOrVec};
use std::fmt::Write as _;

/// The functions the wasm module exports: name, parameters, return type, documentation.
const FUNCTIONS: &[(&str, &str, &str, &str)] = &[
    (
        "lint",
        "files: SourceFile[], options?: ApiLintOptions | null",
        "Report",
        "Lints a set of files (the kind of each comes from its `kind`, or else from its name) into one\n\
         versioned report, under\n\
         `options.policy` (a preset name or `.seaworthy.toml` text; `recommended` by default).\n\
         `JSON.stringify(report, null, 2)` equals `seaworthy check --format json`.",
    ),
    (
        "fix",
        "files: SourceFile[], options?: FixOptions | null",
        "FixResult",
        "Applies safe fixes (all fixes with `unsafeFixes: true`) and returns the fixed files, the fixes\n\
         applied and skipped, and the report of the fixed files.",
    ),
    (
        "rules",
        "",
        "RuleInfo[]",
        "The rule catalogue, with each rule's Markdown documentation (read from `rule-docs.json`,\n\
         which the package ships next to the wasm module; in `seaworthy/web`, loaded by `init`).",
    ),
    (
        "validatePolicy",
        "policy: string",
        "PolicyError[]",
        "The errors of a policy (a preset name or `.seaworthy.toml` text), each with its line, column\n\
         and help; an empty array when the policy is valid.",
    ),
    ("version", "", "string", "The Seaworthy version."),
];

fn schema_generator() -> SchemaGenerator {
    let mut settings = SchemaSettings::draft07();
    settings.option_add_null_type = true;
    SchemaGenerator::new(settings)
}

/// The declarations shared by both entry points (`index.d.ts` and `web.d.ts`).
fn types() -> String {
    let mut gen = schema_generator();
    gen.subschema_for::<seaworthy::SourceFile>();
    gen.subschema_for::<seaworthy::api::ApiLintOptions>();
    gen.subschema_for::<seaworthy::policy::PolicyError>();
    gen.subschema_for::<seaworthy::api::FixOptions>();
    gen.subschema_for::<seaworthy::Report>();
    gen.subschema_for::<seaworthy::api::FixResult>();
    gen.subschema_for::<seaworthy::api::RuleInfo>();
    let mut out = String::new();
    for (name, schema) in gen.definitions() {
        let Schema::Object(obj) = schema else { continue };
        doc(&mut out, obj, "");
        if is_object(obj) {
            let _ = writeln!(out, "export interface {name} {{");
            properties(&mut out, obj, "  ");
            out.push_str("}\n\n");
        } else {
            let _ = writeln!(out, "export type {name} = {};\n", ts_type(obj));
        }
    }
    out
}

fn functions(out: &mut String) {
    for (name, params, ret, docs) in FUNCTIONS {
        out.push_str("/**\n");
        for line in docs.lines() {
            let _ = writeln!(out, " * {}", line.trim());
        }
        out.push_str(
            " * @throws {Error} when the input does not have the documented shape, or the policy is invalid.\n */\n",
        );
        let _ = writeln!(out, "export function {name}({params}): {ret};\n");
    }
}

/// `index.d.ts`: the Node entry point (CommonJS and ESM).
pub fn index_dts(header: &str) -> String {
    let mut out = format!("// {header}\n\n");
    out.push_str(&types());
    functions(&mut out);
    out
}

/// `web.d.ts`: the browser/bundler entry point, which needs `init()` before use.
pub fn web_dts(header: &str) -> String {
    let mut out = format!("// {header}\n\n");
    out.push_str("// The same types and functions as the Node entry point, plus `init`.\nexport * from './index';\n\n");
    out.push_str(
        "/** What `init` accepts: the wasm file's URL, its bytes, a `Response`, or a compiled module. */\n\
         export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;\n\n\
         /**\n * Where the rule docs come from: a URL (by default `rule-docs.json` next to this file), or\n\
          * the parsed object (rule id → Markdown). Without them `rules()` gives empty `docs`.\n */\n\
         export interface InitOptions {\n  ruleDocs?: string | URL | Request | Record<string, string>;\n}\n\n\
         /**\n * Loads the wasm module (by default `seaworthy_wasm_bg.wasm` next to this file) and the rule\n\
          * docs; call once and await it before any other function.\n */\n\
         export default function init(\n  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,\n  options?: InitOptions,\n): Promise<unknown>;\n\n\
         /** Synchronous variant of `init` for bytes or a compiled module you already have. */\n\
         export function initSync(\n  module: { module: BufferSource | WebAssembly.Module } | BufferSource | WebAssembly.Module,\n  options?: { ruleDocs?: Record<string, string> },\n): unknown;\n",
    );
    out
}

fn doc(out: &mut String, obj: &SchemaObject, indent: &str) {
    let Some(desc) = obj.metadata.as_ref().and_then(|m| m.description.as_deref()) else { return };
    let _ = writeln!(out, "{indent}/**");
    for line in desc.lines() {
        let line = line.replace("*/", "*\\/");
        if line.trim().is_empty() {
            let _ = writeln!(out, "{indent} *");
        } else {
            let _ = writeln!(out, "{indent} * {line}");
        }
    }
    let _ = writeln!(out, "{indent} */");
}

fn is_object(obj: &SchemaObject) -> bool {
    obj.object.as_ref().is_some_and(|o| !o.properties.is_empty())
        && matches!(&obj.instance_type, Some(SingleOrVec::Single(t)) if **t == InstanceType::Object)
}

fn properties(out: &mut String, obj: &SchemaObject, indent: &str) {
    let Some(o) = obj.object.as_ref() else { return };
    for (key, schema) in &o.properties {
        let ty = match schema {
            Schema::Object(s) => {
                doc(out, s, indent);
                ts_type(s)
            }
            Schema::Bool(_) => "unknown".to_string(),
        };
        let optional = if o.required.contains(key) { "" } else { "?" };
        let _ = writeln!(out, "{indent}{key}{optional}: {ty};");
    }
}

fn schema_type(s: &Schema) -> String {
    match s {
        Schema::Object(o) => ts_type(o),
        Schema::Bool(_) => "unknown".to_string(),
    }
}

fn union(parts: Vec<String>) -> String {
    let mut seen: Vec<String> = Vec::new();
    for p in parts {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    seen.join(" | ")
}

fn ts_type(obj: &SchemaObject) -> String {
    if let Some(r) = &obj.reference {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    if let Some(values) = &obj.enum_values {
        return union(values.iter().map(|v| v.to_string()).collect());
    }
    if let Some(sub) = &obj.subschemas {
        if let Some(all) = &sub.all_of {
            if all.len() == 1 {
                return schema_type(&all[0]);
            }
            return all.iter().map(schema_type).collect::<Vec<_>>().join(" & ");
        }
        if let Some(any) = sub.any_of.as_ref().or(sub.one_of.as_ref()) {
            return union(any.iter().map(schema_type).collect());
        }
    }
    match &obj.instance_type {
        Some(SingleOrVec::Single(t)) => instance(obj, t),
        Some(SingleOrVec::Vec(ts)) => union(ts.iter().map(|t| instance(obj, t)).collect()),
        None => "unknown".to_string(),
    }
}

fn instance(obj: &SchemaObject, t: &InstanceType) -> String {
    match t {
        InstanceType::Null => "null".into(),
        InstanceType::Boolean => "boolean".into(),
        InstanceType::Integer | InstanceType::Number => "number".into(),
        InstanceType::String => "string".into(),
        InstanceType::Array => {
            let item = obj
                .array
                .as_ref()
                .and_then(|a| a.items.as_ref())
                .map(|i| match i {
                    SingleOrVec::Single(s) => schema_type(s),
                    SingleOrVec::Vec(v) => format!("[{}]", v.iter().map(schema_type).collect::<Vec<_>>().join(", ")),
                })
                .unwrap_or_else(|| "unknown".into());
            if item.contains(' ') {
                format!("({item})[]")
            } else {
                format!("{item}[]")
            }
        }
        InstanceType::Object => match &obj.object {
            Some(o) if !o.properties.is_empty() => {
                let mut s = String::from("{\n");
                properties(&mut s, obj, "    ");
                s.push_str("  }");
                s
            }
            Some(o) => match o.additional_properties.as_deref() {
                Some(v) => format!("Record<string, {}>", schema_type(v)),
                None => "Record<string, unknown>".into(),
            },
            None => "Record<string, unknown>".into(),
        },
    }
}
