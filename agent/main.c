/* main.c: the rapport command line; see cli.c for the command table. */
#include "cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
