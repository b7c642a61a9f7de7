//! A small driver for profiling the Dockerfile lint (see docs/benchmarks.md):
//!
//! ```text
//! cargo build --release -p seaworthy --example lint_corpus
//! valgrind --tool=callgrind target/release/examples/lint_corpus files 1 DIR
//! ```
//!
//! Modes: `files N` lints every file of DIR on its own, N times (what `seaworthy bench`
//! calls parse+lint); `cat N` lints the files concatenated into one file, repeated N times
//! (templates, `FROM {{ ... }}`, left out as the bench does); `parse N` only parses.
//! DIR defaults to `../shared/corpus/dockerfiles`.

use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map_or("files", String::as_str);
    let reps: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let dir = args.get(3).map_or("../shared/corpus/dockerfiles", String::as_str);
    let Ok(rd) = std::fs::read_dir(dir) else {
        eprintln!("cannot read {dir}");
        std::process::exit(2);
    };
    let mut paths: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect();
    paths.sort();
    let files: Vec<String> = paths.iter().filter_map(|p| String::from_utf8(std::fs::read(p).ok()?).ok()).collect();
    let t = std::time::Instant::now();
    let mut findings = 0usize;
    match mode {
        "files" => {
            for _ in 0..reps {
                for f in &files {
                    findings += black_box(seaworthy::lint_dockerfile(black_box(f))).len();
                }
            }
        }
        "parse" => {
            for _ in 0..reps {
                for f in &files {
                    black_box(seaworthy::dockerfile::parse(black_box(f)));
                }
            }
        }
        "cat" => {
            let mut one = String::new();
            for f in files.iter().filter(|f| !is_template(f)) {
                one.push_str(f);
                if !f.ends_with('\n') {
                    one.push('\n');
                }
            }
            let all = one.repeat(reps);
            findings += black_box(seaworthy::lint_dockerfile(black_box(&all))).len();
        }
        _ => {
            eprintln!("usage: lint_corpus files|cat|parse [N] [DIR]");
            std::process::exit(2);
        }
    }
    eprintln!("{mode} x{reps}: {} files, {findings} findings, {:?}", files.len(), t.elapsed());
}

fn is_template(f: &str) -> bool {
    let df = seaworthy::dockerfile::parse(f);
    seaworthy::dockerfile::model::Model::build(&df).stages.iter().any(|s| s.base.value.contains("{{"))
}
