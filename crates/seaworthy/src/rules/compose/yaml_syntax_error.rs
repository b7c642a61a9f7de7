//! SWC001 yaml-syntax-error

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::yaml::IssueCode;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC001",
        name: "yaml-syntax-error",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "The compose file is not valid YAML (or nests too deep, expands aliases too far, or holds several documents).",
        equivalents: &["dclint:invalid-yaml"],
        docs: rule_docs!(r#"## What it does
Reports YAML syntax errors (including tabs used for indentation), more than one document in
the file, nesting deeper than 128 levels, aliases that refer to their own anchor, and alias
expansion beyond one million nodes (an "alias bomb").

The rest of the file is still checked as far as it could be read: every finding before the
error is reported.

## Why is this bad?
`docker compose` refuses the file, so nothing in it runs.

## Example
```yaml
services:
  web:
    image: "nginx:1.27
```

## Use instead
```yaml
services:
  web:
    image: "nginx:1.27"
```
"#),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for i in &ctx.doc.issues {
        let help = match i.code {
            IssueCode::Syntax => "Fix the YAML syntax at this point (quotes, brackets, indentation).",
            IssueCode::Tab => "Indent with spaces: YAML forbids tabs in indentation.",
            IssueCode::TooDeep => "Flatten the structure: compose files never need this much nesting.",
            IssueCode::MultiDocument => "Split the documents into separate compose files (`-f a.yaml -f b.yaml`).",
            IssueCode::AliasBudget | IssueCode::RecursiveAlias => {
                "Remove the self-referencing or exponentially expanding aliases."
            }
            _ => continue,
        };
        let closing = matches!(i.span.text(ctx.src), "]" | "}");
        if i.code == IssueCode::Syntax && closing && i.message.contains("indentation") {
            sink.report(
                i.span,
                format!("{} (go-yaml, and so Compose, accepts a closing bracket at the key's indentation; YAML 1.2 does not)", i.message),
                "Indent the closing bracket deeper than its key, or put it at the end of the last item's line.",
                None,
            );
            continue;
        }
        sink.report(i.span, i.message.clone(), help, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_broken_yaml() {
        fires(&RULE, "services:\n  web: [a\n", 1);
        fires(&RULE, "services:\n\tweb:\n", 1);
        fires(&RULE, "services: {}\n---\nservices: {}\n", 1);
        fires(&RULE, "a: &x [*x]\n", 1);
    }

    #[test]
    fn quiet_on_valid_yaml() {
        clean(&RULE, "services:\n  web:\n    image: a:1\n");
        clean(&RULE, "");
        clean(&RULE, "---\nservices: {}\n");
    }
}
