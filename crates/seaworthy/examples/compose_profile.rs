//! Profiling driver for the compose path (see docs/compose.md#performance):
//! `cargo run --release -p seaworthy --example compose_profile -- MODE DIR|N [PASSES]`.
//! The input is every file of DIR, or a generated file of N services (the bench's scaling
//! input). MODE: `parse` (YAML tree only), `lint` (parse+lint, default rules), `dump` (trees
//! and findings as text, to compare two builds) or `sizes` (node sizes and counts). Meant for
//! `valgrind --tool=callgrind --toggle-collect=seaworthy::rules::compose::lint_compose` and
//! `perf record`. It runs on mimalloc, the native CLI's allocator, so instruction counts and
//! timings include the allocator `seaworthy bench` uses.

#[cfg(not(target_family = "wasm"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

fn generated(n: usize) -> String {
    use std::fmt::Write as _;
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map_or("lint", String::as_str);
    let what = args.get(2).map_or("/work/shared/corpus/compose", String::as_str);
    let passes: usize = args.get(3).and_then(|p| p.parse().ok()).unwrap_or(1);
    let files: Vec<String> = if let Ok(n) = what.parse() {
        vec![generated(n)]
    } else {
        let mut paths: Vec<_> = std::fs::read_dir(what).into_iter().flatten().flatten().map(|e| e.path()).collect();
        paths.sort();
        paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
    };
    if mode == "sizes" {
        use seaworthy::yaml::*;
        let d = seaworthy::yaml::parse(&files[0]);
        eprintln!(
            "Node {} Kind {} Entry {} Diagnostic {}; nodes {} cap {}",
            std::mem::size_of::<Node>(),
            std::mem::size_of::<Kind>(),
            std::mem::size_of::<Entry>(),
            std::mem::size_of::<seaworthy::Diagnostic>(),
            d.nodes.len(),
            d.nodes.capacity()
        );
        return;
    }
    if mode == "dump" {
        // every finding of every rule, and the YAML tree, for before/after comparisons
        for f in &files {
            println!("{:?}", seaworthy::yaml::parse(f));
            println!("{:?}", seaworthy::lint_compose(f));
            println!("{:?}", seaworthy::rules::compose::lint_compose_with(f, &|_| true));
        }
        return;
    }
    let bytes: usize = files.iter().map(String::len).sum();
    let t = std::time::Instant::now();
    let mut n = 0usize;
    for _ in 0..passes {
        for f in &files {
            if mode == "parse" {
                n += black_box(seaworthy::yaml::parse(black_box(f))).nodes.len();
            } else {
                n += black_box(seaworthy::lint_compose(black_box(f))).len();
            }
        }
    }
    let s = t.elapsed().as_secs_f64();
    eprintln!(
        "{mode}: {} files, {bytes} bytes x {passes}: {:.3} s, {:.2} MB/s ({n})",
        files.len(),
        s,
        (bytes * passes) as f64 / s / 1e6
    );
}
