// landauer — the command-line front end: a thin layer over the library (cli.h).
#include "cli.h"

int main(int argc, char** argv) { return landauer::cli::Main(argc, argv); }
