use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("parse") {
        for f in &args[1..] {
            let bytes = std::fs::read(f).unwrap();
            let src = String::from_utf8_lossy(&bytes);
            let df = seaworthy::dockerfile::parse(&src);
            println!("{}", serde_json::to_string(&seaworthy::dockerfile::oracle::to_oracle(f, &df)).unwrap());
        }
    }
    ExitCode::SUCCESS
}
