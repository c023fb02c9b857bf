fn main() {
    cpython_clinic::generate("pwdmodule.c", "pwd_");
}
