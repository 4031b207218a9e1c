#include <archive.h>
#include <archive_entry.h>
/// File-type constants that Swift cannot import as cast macros.
static const unsigned int JZ_AE_IFREG = 0100000;
static const unsigned int JZ_AE_IFDIR = 0040000;
static const unsigned int JZ_AE_IFLNK = 0120000;
