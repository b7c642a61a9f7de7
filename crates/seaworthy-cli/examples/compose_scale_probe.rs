//! Where the compose scaling time goes (see docs/compose.md#performance): the bench's
//! generated compose file at 500 services (1x) and at N×500 services, timed phase by phase
//! (YAML tree, model, structure checks, all default rules as `lint_compose` runs them, sort,
//! suppressions, drop; and, apart, all rules with other window sizes and each default rule
//! alone over the whole file) on the native CLI's allocator. Prints each phase's Nx/1x ratio and its excess (t(Nx) − N·t(1x)),
//! worst excess first, then the same for thread CPU time of the whole `lint_compose`.
//!
//! ```text
//! cargo run --release -p seaworthy-cli --example compose_scale_probe -- [N] [SERVICES] [PASSES] [PASSES_N]
//! ```

#[cfg(not(target_family = "wasm"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use seaworthy::compose::Model;
use seaworthy::rules::compose::{run_rules, ComposeCtx, ALL, WINDOW};
use seaworthy::rules::Sink;
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed())
}

/// The bench's generated file (`bench.rs`, `compose`): `n` services sharing a `<<` anchor.
fn gen(n: usize) -> String {
    let mut s = String::from("x-common: &common\n  restart: unless-stopped\nservices:\n");
    for i in 0..n {
        let _ = write!(
            s,
            "  svc{i}:\n    <<: *common\n    image: example/app:{i}\n    ports: [\"{}:80\"]\n    environment:\n      DB_PASSWORD: ${{DB_PASSWORD:?required}}\n",
            10_000 + i % 50_000
        );
    }
    s
}

/// Phase name and time, in order.
fn phases(src: &str) -> Vec<(String, Duration)> {
    let mut out = Vec::new();
    let (doc, t) = timed(|| seaworthy::yaml::parse(src));
    out.push(("yaml parse".to_string(), t));
    let (model, t) = timed(|| Model::build(&doc));
    out.push(("model".to_string(), t));
    let (problems, t) = timed(|| seaworthy::compose::schema::check(&doc));
    out.push(("structure checks".to_string(), t));
    let ctx = ComposeCtx::new(src, &doc, &model, &problems, None, &seaworthy::policy::NO_COMPOSE_OPTIONS);
    let select = |m: &seaworthy::rules::RuleMeta| m.default_on;
    // each rule over the whole file, for where the time goes (findings dropped)
    for rule in ALL.iter().filter(|r| r.meta.default_on) {
        let mut sink = Sink::new(&rule.meta);
        let (_, t) = timed(|| (rule.check)(&ctx, &mut sink));
        out.push((format!("rule {}", rule.meta.name), t));
    }
    // then all rules as `lint_compose` runs them (per-service rules over windows of services)
    // the window size: all rules (findings dropped) with windows of `w` services
    for w in [8, 16, 32, 128, 512, usize::MAX] {
        let (_, t) = timed(|| black_box(run_rules(&ctx, &select, w).out.len()));
        let name = if w == usize::MAX { "whole file".to_string() } else { w.to_string() };
        out.push((format!("rule windows of {name}"), t));
    }
    let (found, t) = timed(|| run_rules(&ctx, &select, WINDOW));
    out.push((format!("all rules, as lint_compose runs them (windows of {WINDOW})"), t));
    let (all, t) = timed(|| found.finish());
    out.push(("findings: sort (when needed), dedup".to_string(), t));
    let (all, t) = timed(|| seaworthy::rules::compose::suppress::apply_in(src, Some(&doc), all, Some(&select)));
    out.push(("suppressions".to_string(), t));
    let t = Instant::now();
    drop(all);
    drop(ctx);
    drop(problems);
    drop(model);
    drop(doc);
    out.push(("drop".to_string(), t.elapsed()));
    out
}

/// CPU time of this thread so far (Linux: `/proc/thread-self/schedstat`, in ns; zero elsewhere).
fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    Duration::from_nanos(stat.split_whitespace().next().and_then(|s| s.parse().ok()).unwrap_or(0))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100);
    let base: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(500);
    // best of `passes` at 1x and of `passes_n` at Nx, per phase: on a loaded machine the least
    // wall time is the one least disturbed by other processes
    let passes: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20);
    let passes_n: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(3);
    let one = gen(base);
    let big = gen(base * n);
    let mut p1 = phases(&one);
    for _ in 1..passes {
        for (a, b) in p1.iter_mut().zip(phases(&one)) {
            a.1 = a.1.min(b.1);
        }
    }
    let mut pn = phases(&big);
    for _ in 1..passes_n {
        for (a, b) in pn.iter_mut().zip(phases(&big)) {
            a.1 = a.1.min(b.1);
        }
    }
    let lint = |p: &[(String, Duration)]| p.iter().filter(|x| !x.0.starts_with("rule")).map(|x| x.1).sum::<Duration>();
    let (t1, tn) = (lint(&p1), lint(&pn));
    println!(
        "phases total (without the rule-by-rule rows): 1x ({base} services) {:.2} ms, {n}x {:.0} ms, ratio {:.1}",
        t1.as_secs_f64() * 1e3,
        tn.as_secs_f64() * 1e3,
        tn.as_secs_f64() / t1.as_secs_f64()
    );
    let mut rows: Vec<(String, f64, f64)> =
        p1.into_iter().zip(pn).map(|(a, b)| (a.0, a.1.as_secs_f64() * 1e3, b.1.as_secs_f64() * 1e3)).collect();
    rows.sort_by(|a, b| (b.2 - n as f64 * b.1).total_cmp(&(a.2 - n as f64 * a.1)));
    println!("{:<44} {:>9} {:>10} {:>7} {:>10}", "phase", "1x ms", "Nx ms", "ratio", "excess ms");
    // the phases of the lint, other window sizes, then the rules one by one (worst 15)
    let phase_rows = rows.iter().filter(|r| !r.0.starts_with("rule"));
    let window_rows = rows.iter().filter(|r| r.0.starts_with("rule windows"));
    let rule_rows = rows.iter().filter(|r| r.0.starts_with("rule ") && !r.0.starts_with("rule windows"));
    for (name, a, b) in phase_rows.chain(window_rows).chain(rule_rows.take(15)) {
        println!("{name:<44} {a:>9.3} {b:>10.1} {:>7.1} {:>10.1}", b / a.max(1e-6), b - n as f64 * a);
    }
    // The whole lint as the bench runs it: wall and thread CPU (the latter counted in scheduler
    // ticks by Linux's schedstat, so only a rough figure for a few milliseconds).
    let (mut w1, mut c1) = (Duration::MAX, Duration::MAX);
    for _ in 0..passes {
        let c = thread_cpu();
        let (_, w) = timed(|| black_box(seaworthy::lint_compose(black_box(&one))));
        w1 = w1.min(w);
        c1 = c1.min(thread_cpu() - c);
    }
    let (mut wn, mut cn) = (Duration::MAX, Duration::MAX);
    for _ in 0..passes_n {
        let c = thread_cpu();
        let (_, w) = timed(|| black_box(seaworthy::lint_compose(black_box(&big))));
        wn = wn.min(w);
        cn = cn.min(thread_cpu() - c);
    }
    println!(
        "lint_compose: 1x {:.2} ms (cpu {:.2}), {n}x {:.0} ms (cpu {:.0}): ratio {:.1} (cpu {:.1})",
        w1.as_secs_f64() * 1e3,
        c1.as_secs_f64() * 1e3,
        wn.as_secs_f64() * 1e3,
        cn.as_secs_f64() * 1e3,
        wn.as_secs_f64() / w1.as_secs_f64(),
        cn.as_secs_f64() / c1.as_secs_f64()
    );
}
