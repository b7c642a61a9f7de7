//! Where the Dockerfile scaling time goes (see docs/benchmarks.md): the corpus concatenated
//! into one file (templates left out, as `seaworthy bench` does), at 1x and at Nx, timed phase
//! by phase (parse, model, lexing the RUN scripts, each whole-file default rule, the one pass of
//! the per-instruction rules, suppressions) on the
//! native CLI's allocator. Prints each phase's Nx/1x ratio, worst excess first.
//!
//! ```text
//! cargo run --release -p seaworthy-cli --example scale_probe -- [N] [DIR]
//! ```

#[cfg(not(target_family = "wasm"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use seaworthy::dockerfile::model::{run_scripts, Model};
use seaworthy::rules::{dockerfile_rules, run_dockerfile_rules, Check, DockerfileCtx};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed())
}

/// Phase name and time, in order.
fn phases(src: &str) -> Vec<(String, Duration)> {
    let mut out = Vec::new();
    let (df, t) = timed(|| seaworthy::dockerfile::parse(src));
    out.push(("parse".to_string(), t));
    let (model, t) = timed(|| Model::build(&df));
    out.push(("model".to_string(), t));
    let (_, t) = timed(|| {
        for (i, ins) in df.instructions.iter().enumerate() {
            black_box(run_scripts(ins, model.posix_shell_at(i)));
        }
    });
    out.push(("lex scripts".to_string(), t));
    let ctx = DockerfileCtx::new(src, &df, &model);
    let mut all = Vec::new();
    let on = || dockerfile_rules().iter().copied().filter(|r| r.meta.default_on);
    for rule in on().filter(|r| matches!(r.check, Check::File(_))) {
        let (found, t) = timed(|| run_dockerfile_rules(&ctx, [rule]));
        out.push((rule.meta.name.to_string(), t));
        all.extend(found);
    }
    let each: Vec<_> = on().filter(|r| matches!(r.check, Check::Each(..))).collect();
    if std::env::var_os("PROBE_EACH_ALONE").is_some() {
        for rule in &each {
            let (_, t) = timed(|| run_dockerfile_rules(&ctx, [*rule]));
            out.push((format!("(alone) {}", rule.meta.name), t));
        }
    }
    let (found, t) = timed(|| run_dockerfile_rules(&ctx, each.iter().copied()));
    out.push((format!("{} per-instruction rules, one pass", each.len()), t));
    all.extend(found);
    let (_, t) = timed(|| black_box(seaworthy::suppress::apply(src, &df, all)));
    out.push(("suppressions".to_string(), t));
    let t = Instant::now();
    drop(ctx);
    drop(model);
    drop(df);
    out.push(("drop".to_string(), t.elapsed()));
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100);
    let dir = args.get(2).map_or("../shared/corpus/dockerfiles", String::as_str);
    let Ok(rd) = std::fs::read_dir(dir) else {
        eprintln!("cannot read {dir}");
        std::process::exit(2);
    };
    let mut paths: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect();
    paths.sort();
    let mut one = String::new();
    for p in paths {
        let Some(f) = std::fs::read(&p).ok().and_then(|b| String::from_utf8(b).ok()) else { continue };
        let df = seaworthy::dockerfile::parse(&f);
        if Model::build(&df).stages.iter().any(|s| s.base.value.contains("{{")) {
            continue;
        }
        one.push_str(&f);
        if !f.ends_with('\n') {
            one.push('\n');
        }
    }
    // 1x: best of 3 per phase, as the bench's best of 3.
    let mut p1 = phases(&one);
    for _ in 0..2 {
        for (a, b) in p1.iter_mut().zip(phases(&one)) {
            a.1 = a.1.min(b.1);
        }
    }
    let big = one.repeat(n);
    let pn = phases(&big);
    drop(big);
    let t1: Duration = p1.iter().map(|p| p.1).sum();
    let tn: Duration = pn.iter().map(|p| p.1).sum();
    println!(
        "total: 1x {:.1} ms, {n}x {:.0} ms, ratio {:.1}",
        t1.as_secs_f64() * 1e3,
        tn.as_secs_f64() * 1e3,
        tn.as_secs_f64() / t1.as_secs_f64()
    );
    let mut rows: Vec<(String, f64, f64)> =
        p1.into_iter().zip(pn).map(|(a, b)| (a.0, a.1.as_secs_f64() * 1e3, b.1.as_secs_f64() * 1e3)).collect();
    rows.sort_by(|a, b| (b.2 - n as f64 * b.1).total_cmp(&(a.2 - n as f64 * a.1)));
    println!("{:<44} {:>9} {:>10} {:>7} {:>10}", "phase", "1x ms", "Nx ms", "ratio", "excess ms");
    for (name, a, b) in rows {
        println!("{name:<44} {a:>9.3} {b:>10.1} {:>7.1} {:>10.1}", b / a.max(1e-6), b - n as f64 * a);
    }
}
