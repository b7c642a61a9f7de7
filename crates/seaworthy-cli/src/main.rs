//! The `seaworthy` command line.

mod bench;
mod catalogue;
mod check;
mod cli;
mod context;
mod fixcmd;
mod formats;
mod input;
mod parsecmd;
mod policycmd;
mod render;
mod style;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

/// mimalloc for the native CLI: the lint allocates many small short-lived objects (words,
/// findings), and glibc malloc spends measurably more time and memory on them.
#[cfg(not(target_family = "wasm"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The exit codes (also listed in `--help`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// No finding at or above `--fail-on`.
    Clean = 0,
    /// Findings at or above `--fail-on`.
    Findings = 1,
    /// Usage or I/O error.
    Error = 2,
}

/// An error shown as `seaworthy: error: MESSAGE`.
#[derive(Clone, Debug)]
pub struct Failure {
    pub message: String,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Failure { message: message.into() }
    }
}

/// Prints a failure on stderr.
pub fn report_failure(f: &Failure) {
    stderr_line(&format!("seaworthy: error: {}", f.message));
}

/// Writes one line on stderr, ignoring a closed stderr.
pub fn stderr_line(s: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{s}");
}

/// Writes `s` on stdout; a closed pipe (e.g. `| head`) is not an error worth a panic.
pub fn print_stdout(s: &str) -> Exit {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Exit::Clean,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Clean,
        Err(_) => Exit::Error,
    }
}

/// Under WASI (the npm package's `npx seaworthy`) there is no process working directory: the
/// JS launcher preopens `/` and passes the real one, so relative paths mean what they mean
/// natively.
#[cfg(target_os = "wasi")]
fn enter_host_cwd() {
    if let Some(dir) = std::env::var_os("SEAWORTHY_WASI_CWD") {
        if let Err(e) = std::env::set_current_dir(&dir) {
            stderr_line(&format!("seaworthy: cannot enter {}: {e}", std::path::Path::new(&dir).display()));
        }
    }
}

fn main() -> ExitCode {
    #[cfg(target_os = "wasi")]
    enter_host_cwd();
    let cli = cli::Cli::parse();
    let exit = match &cli.command {
        cli::Command::Check(a) => check::run(a),
        cli::Command::Fix(a) => fixcmd::run(a),
        cli::Command::Parse(a) => parsecmd::run(a),
        cli::Command::Rules(a) => catalogue::rules(a),
        cli::Command::Explain(a) => catalogue::explain(a),
        cli::Command::Bench(a) => bench::run(a),
        cli::Command::Policy(a) => policycmd::run(a),
    };
    ExitCode::from(exit as u8)
}
