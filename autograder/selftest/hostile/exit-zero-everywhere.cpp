// Hostile: every program of labs 01 and 02 does nothing and exits 0. A test that such a program
// passes accepts exit 0 as evidence; each must demand the work itself.
//
// replaces: 01-shm-open/*
// replaces: 02-shm-rw/*
// fails: *
int main() {
    return 0;
}
