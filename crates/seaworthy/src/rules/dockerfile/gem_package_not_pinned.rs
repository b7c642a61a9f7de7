//! SWD226 gem-package-not-pinned

use super::pkg_call::{check_pins, Manager};
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD226",
        name: "gem-package-not-pinned",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "`gem install` names a gem without a version.",
        equivalents: &["hadolint:DL3028", "kics:gem_install_without_version"],
        docs: rule_docs!(
            r#"## What it does
Finds gems that `gem install` installs without a version: neither `name:version` nor
`-v`/`--version` (a lower bound such as `-v '>= 2'` does not pin). Local `.gem` files and
gems named by variables are not reported.

## Why is this bad?
Without a version, each build installs the newest release of the gem, so two builds of the same
Dockerfile can differ and a major release can break the image. Bundler with a `Gemfile.lock`
or explicit versions keep it reproducible. Pins need updates, which is why this rule is off by
default.

## Example
```dockerfile
FROM ruby:3.3-slim
RUN gem install bundler
```

## Use instead
```dockerfile
FROM ruby:3.3-slim
RUN gem install bundler -v 2.5.16
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    check_pins(
        ctx,
        i,
        ins,
        sink,
        &[Manager::Gem],
        |_, _| false,
        |_, p| format!("Pin the version: `gem install {} -v <version>` or `{}:<version>`.", p.name, p.name),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_unpinned_packages() {
        fires(&RULE, "FROM ruby\nRUN gem install bundler rake && gem install rails -v \">= 7\"\n", 3);
    }

    #[test]
    fn quiet_on_pins_files_and_other_subcommands() {
        clean(&RULE, "FROM ruby\nRUN gem install bundler -v 2.5.16 && gem install rake:13.2.1 && gem install --version=\"~> 7.1\" rails && gem install ./x.gem\n");
        clean(&RULE, "FROM ruby\nRUN gem update --system && bundle install\n");
    }
}
