//! The training worker's entry point; its body is the library's `worker`
//! module (the glue) and `worker::agent` (what it does, tested natively).

fn main() {
    web::run_static_constructors();
    web::worker::start();
}
