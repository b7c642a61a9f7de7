//! SWD025 from-platform-constant

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Keyword;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD025",
        name: "from-platform-constant",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "`FROM --platform=` with a constant platform.",
        equivalents: &["hadolint:DL3029", "buildkit:FromPlatformFlagConstDisallowed"],
        docs: rule_docs!(
            r#"## What it does
Finds `FROM --platform=linux/amd64 ...` and other constant platforms. As in BuildKit, a
stage whose name contains the platform's OS or architecture (`AS build-arm64`) is
deliberately platform-specific and is not reported; neither are values with variables
(`--platform=$BUILDPLATFORM`).

## Why is this bad?
The stage is built for that platform whatever `--platform` the build asks for: a
multi-platform build silently ships an amd64 binary in its arm64 image, or runs the stage
under slow emulation.

## Example
```dockerfile
FROM --platform=linux/amd64 golang:1.23 AS build
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.23 AS build
ARG TARGETOS TARGETARCH
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for st in &ctx.model.stages {
        let Some(ins) = ctx.df.instructions.get(st.from).filter(|i| i.keyword == Keyword::From) else { continue };
        for f in ins.flags.iter().filter(|f| f.name == "platform") {
            let Some(v) = f.value.as_deref() else { continue };
            if v.is_empty() || v.contains('$') {
                continue;
            }
            let lower = v.to_lowercase();
            let mut parts = lower.split('/');
            let (os, arch) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            let name = st.name.as_deref().unwrap_or("");
            if !name.is_empty() && ((!os.is_empty() && name.contains(os)) || (!arch.is_empty() && name.contains(arch)))
            {
                continue;
            }
            sink.report(
                f.span,
                format!("FROM pins the platform to the constant `{v}`"),
                "Drop `--platform` and choose the platform at build time, or use `--platform=$BUILDPLATFORM` for a \
                 cross-compiling stage.",
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_constant_platforms() {
        fires(&RULE, "FROM --platform=linux/amd64 a:1\nFROM --platform=linux/arm64/v8 b:1 AS build\n", 2);
    }

    #[test]
    fn quiet_on_variables_and_platform_named_stages() {
        clean(&RULE, "FROM --platform=$BUILDPLATFORM a:1\nFROM --platform=${TARGETPLATFORM} b:1\n");
        clean(&RULE, "FROM --platform=linux/amd64 a:1 AS build_amd64\nFROM --platform=windows/amd64 b AS windows\n");
        clean(&RULE, "FROM a:1\nONBUILD RUN x\n");
    }
}
