//! `seaworthy parse`: one JSON line per file in BuildKit's shape, for conformance tests.

use crate::cli::ParseArgs;
use crate::input::{read_bytes, Origin, Target};
use crate::{report_failure, Exit, Failure};
use std::path::PathBuf;

pub fn run(args: &ParseArgs) -> Exit {
    let mut exit = Exit::Clean;
    let mut out = String::new();
    for f in &args.files {
        let origin = if f == "-" { Origin::Stdin } else { Origin::File(PathBuf::from(f)) };
        let target = Target { display: f.clone(), origin };
        let bytes = match read_bytes(&target) {
            Ok(b) => b,
            Err(e) => {
                report_failure(&e);
                exit = Exit::Error;
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let df = seaworthy::dockerfile::parse(&text);
        match serde_json::to_string(&seaworthy::dockerfile::oracle::to_oracle(f, &df)) {
            Ok(line) => {
                out.push_str(&line);
                out.push('\n');
            }
            Err(e) => {
                report_failure(&Failure::new(format!("{f}: cannot serialize the parse: {e}")));
                exit = Exit::Error;
            }
        }
    }
    match crate::print_stdout(&out) {
        Exit::Clean => exit,
        other => other,
    }
}
