// The built-in curricula are compiled in with include_dir!: rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=../../assets/curricula");
    println!("cargo:rerun-if-changed=../../assets/holidays");
    println!("cargo:rerun-if-changed=../../assets/reports");
}
