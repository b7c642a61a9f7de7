//! SWD219 pip-package-not-pinned

use super::pkg_call::{check_pins, Manager};
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD219",
        name: "pip-package-not-pinned",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "`pip install` names a package without a version.",
        equivalents: &["hadolint:DL3013", "kics:unpinned_package_version_in_pip_install"],
        docs: rule_docs!(
            r#"## What it does
Finds packages that `pip install` (also `pip3`, `python -m pip`) installs without a version
that fixes what is installed: `==`, `~=`, `===`, or a range with an upper bound (`>=1,<2`)
pin; a bare name, a lower bound (`>=1`) or an exclusion (`!=1.3`) do not. Requirements
(`-r file`) and constraints (`-c file`) files, local paths (`.`, `./pkg`), wheels, archives,
URLs and VCS references are not reported, nor is `pip`, `setuptools` or `wheel` under
`--upgrade`, and a `-c` constraints file pins every package of the command.

## Why is this bad?
Without a version, each build installs whatever PyPI holds that day, including a new major
version with breaking changes, so two builds of the same Dockerfile can differ. A requirements
or lock file, or explicit `==` pins, keep the image reproducible. Some teams prefer floating
versions in images they rebuild often, which is why this rule is off by default.

## Example
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir requests
```

## Use instead
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir requests==2.32.3
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
        &[Manager::Pip],
        |c, p| {
            c.has(&["-c", "--constraint"])
                || (c.has(&["-U", "--upgrade"])
                    && matches!(p.name.to_ascii_lowercase().as_str(), "pip" | "setuptools" | "wheel"))
        },
        |_, p| {
            format!("Pin the version: `{}==<version>`, or install from a requirements or lock file (`pip install -r requirements.txt`).", p.name)
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_unpinned_packages() {
        fires(&RULE, "FROM python\nRUN pip install requests \"flask>=3\" \"django!=5.0\"\n", 3);
        fires(&RULE, "FROM python\nRUN python3 -m pip install --user -r req.txt gunicorn\n", 1);
        fires(&RULE, "FROM python\nRUN pip install pip\n", 1);
    }

    #[test]
    fn quiet_on_pins_files_and_other_subcommands() {
        clean(&RULE, "FROM python\nRUN pip install requests==2.32.3 \"flask>=3,<4\" attrs~=23.2 . ./lib dist/a-1.0-py3-none-any.whl git+https://github.com/a/b@v1 -e ./src\n");
        clean(
            &RULE,
            "FROM python\nRUN pip install -r requirements.txt && pip install --upgrade pip setuptools wheel\n",
        );
        clean(&RULE, "FROM python\nRUN pip install -c constraints.txt requests flask\n");
        clean(&RULE, "FROM python\nRUN pip install $PIP_PACKAGES && pip uninstall -y x\n");
    }
}
