//! SWC424 dependency-cycle

use crate::compose::depends_on;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC424",
        name: "dependency-cycle",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "Services depend on each other in a cycle (`depends_on`).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds cycles in the `depends_on` graph of the file's services (longer than one service: a
service depending on itself is `undefined-dependency`'s) and reports each cycle once, at the
dependency that closes it.

## Why is this bad?
Compose cannot order the services and refuses to start ("dependency cycle detected").

## Example
```yaml
services:
  api:
    image: example/api:1.4
    depends_on: [worker]
  worker:
    image: example/worker:1.4
    depends_on: [api]
```

## Use instead
```yaml
services:
  api:
    image: example/api:1.4
  worker:
    image: example/worker:1.4
    depends_on: [api]
```
"#
        ),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    // no `depends_on` key anywhere: no dependency, no cycle (and no walk of every service)
    if !ctx.doc.mentions("depends_on") {
        return;
    }
    let services: Vec<_> = ctx.services().collect();
    let deps: Vec<_> = services.iter().map(|s| depends_on(ctx.doc, s.node)).collect();
    // no dependencies, no cycle (and no name index of every service to build)
    if deps.iter().all(Vec::is_empty) {
        return;
    }
    let by_name: std::collections::HashMap<&str, usize> =
        services.iter().enumerate().map(|(i, s)| (s.name, i)).collect();
    let index = |name: &str| by_name.get(name).copied();
    // edges with the span of the dependency entry
    let edges: Vec<Vec<(usize, crate::span::Span)>> =
        deps.into_iter().map(|d| d.into_iter().filter_map(|d| Some((index(d.name)?, d.span))).collect()).collect();
    // iterative DFS: 0 = new, 1 = on the stack, 2 = done
    let mut state = vec![0u8; services.len()];
    for root in 0..services.len() {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&(to, span)) = edges[node].get(*next) {
                *next += 1;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    1 if to != node => {
                        let from = stack.iter().position(|(n, _)| *n == to).unwrap_or(0);
                        let names: Vec<&str> = stack[from..].iter().map(|(n, _)| services[*n].name).collect();
                        sink.report(
                            span,
                            format!("Dependency cycle: {} → {}", names.join(" → "), services[to].name),
                            "Break the cycle: one of these services must start without waiting for the other.",
                            None,
                        );
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn finds_cycles_once() {
        let d = fires(&RULE, "services:\n  a: {depends_on: [b]}\n  b: {depends_on: [c]}\n  c: {depends_on: [a]}\n  d: {depends_on: [a]}\n", 1);
        assert!(d[0].message.contains("a → b → c → a"), "{}", d[0].message);
        fires(&RULE, "services:\n  a: {depends_on: {b: {condition: service_healthy}}}\n  b: {depends_on: [a]}\n", 1);
    }

    #[test]
    fn quiet_on_dags_and_self_loops() {
        clean(&RULE, "services:\n  a: {depends_on: [b, c]}\n  b: {depends_on: [c]}\n  c: {depends_on: [c, missing]}\n");
    }
}
