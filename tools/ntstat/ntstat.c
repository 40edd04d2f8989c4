// SPDX-License-Identifier: GPL-2.0
/*
 * ntstat: show what ntthread publishes under /sys/kernel/debug/ntthread/
 * as aligned tables or as JSON.
 *
 *   ntstat [--root DIR] [--json] [--watch SECONDS] [--sort COLUMN]
 *          [--by routine|tag|thread] [summary|threads|sites|handles|pool]
 *
 * The files are whitespace-separated text (see README.md next to this
 * file), of any size.  Every file a command needs is read and checked in
 * full before a byte goes to stdout, so bad input never leaves half a table
 * or half a JSON object behind; then the frame is written in pieces.
 *
 * Exit status: 0 done; 1 cannot read (directory or file missing, no
 * permission, I/O error; also a failed write or out of memory); 2 malformed
 * file; 64 bad usage.
 * Every failure prints one line, starting with "ntstat: ", to stderr.
 *
 * Built static: the test guest is a busybox initramfs with no C library.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_ROOT	"/sys/kernel/debug/ntthread"

#ifndef NTSTAT_VERSION
#error "NTSTAT_VERSION: build with the Makefile, which takes it from dkms.conf"
#endif

#define EXIT_MISSING	1	/* cannot read: missing, permission, I/O */
#define EXIT_MALFORMED	2	/* a file breaks the format */
#define EXIT_USAGE	64	/* as EX_USAGE of <sysexits.h> */

/* The debugfs files' format version this ntstat reads ("# format N"). */
#define FORMAT_VERSION	1
/* Output is written in pieces of this size once every file has been read
 * and checked: a million handles never make one huge buffer. */
#define FLUSH_BYTES	(64u << 10)
/* Longest token quoted back in an error message. */
#define QUOTE_MAX	40
/* Widest a table column is padded to: a longer token overflows its own
 * row instead of widening every row (a table is not quadratic in size). */
#define WIDTH_MAX	64

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ----------------------------------------------------------------------
 * Errors and memory
 */

struct sbuf {
	char *buf;
	size_t len, cap;
};

static void sb_vprintf(struct sbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/*
 * die() - print one line "ntstat: ..." to stderr and exit with @code.
 * The message is sanitised so that it is one line whatever the input.
 */
static void __attribute__((noreturn, format(printf, 2, 3)))
die(int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);	/* truncates, never overflows */
	va_end(ap);
	for (i = 0; msg[i]; i++)
		if ((unsigned char)msg[i] < 0x20 || (unsigned char)msg[i] > 0x7e)
			msg[i] = '?';
	fprintf(stderr, "ntstat: %s\n", msg);
	exit(code);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die(EXIT_MISSING, "out of memory");
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die(EXIT_MISSING, "out of memory");
	return p;
}

/* xreallocarray() - resize to @n elements of @size bytes, checking overflow. */
static void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		die(EXIT_MISSING, "out of memory");
	return xrealloc(p, n * size);
}

/* ----------------------------------------------------------------------
 * Output buffer: a frame is built here and written in one go.
 */

static void sb_reserve(struct sbuf *sb, size_t more)
{
	size_t need, cap;

	if (more > SIZE_MAX - sb->len - 1)
		die(EXIT_MISSING, "out of memory");
	need = sb->len + more + 1;
	if (sb->buf && need <= sb->cap)
		return;
	cap = sb->cap ? sb->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
}

static void sb_vprintf(struct sbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		die(EXIT_MISSING, "cannot format output");
	sb_reserve(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

static void __attribute__((format(printf, 2, 3)))
sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

static void sb_putn(struct sbuf *sb, const char *s, size_t n)
{
	sb_reserve(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static void sb_puts(struct sbuf *sb, const char *s)
{
	sb_putn(sb, s, strlen(s));
}

static void sb_putc(struct sbuf *sb, char c)
{
	sb_putn(sb, &c, 1);
}

static void sb_pad(struct sbuf *sb, size_t n)
{
	while (n--)
		sb_putc(sb, ' ');
}

/* sb_json_str() - append @s as a JSON string, pure ASCII whatever @s holds. */
static void sb_json_str(struct sbuf *sb, const char *s)
{
	sb_putc(sb, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			sb_putc(sb, '\\');
			sb_putc(sb, (char)c);
		} else if (c < 0x20 || c > 0x7e) {
			sb_printf(sb, "\\u%04x", c);
		} else {
			sb_putc(sb, (char)c);
		}
	}
	sb_putc(sb, '"');
}

/* xstrdup_printf() - a new string, formatted. */
static char *__attribute__((format(printf, 1, 2)))
xstrdup_printf(const char *fmt, ...)
{
	struct sbuf sb = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	return sb.buf;
}

/* ----------------------------------------------------------------------
 * The files' format
 */

enum col_type {
	COL_INT,	/* decimal integer, optional '-' sign, fits 64 bits */
	COL_INT_OR_NULL,	/* COL_INT or "-" */
	COL_HEX,	/* 0x and 1 to 16 hex digits; a string in JSON */
	COL_STR,	/* any token; "-" is null in JSON */
	COL_NAME,	/* [a-z0-9_]+ */
	COL_ENUM,	/* one of column.choices */
};

struct choices {
	const char *const *names;	/* NULL-terminated */
	const char *text;		/* the same, for an error message */
};

struct column {
	const char *name;	/* in the file's header and as JSON key */
	const char *label;	/* in tables */
	enum col_type type;
	const struct choices *choices;	/* COL_ENUM only */
};

struct schema {
	const char *file;
	bool header;	/* first line names the columns */
	size_t ncols;
	const struct column *cols;	/* a header may add others, as COL_STR */
};

static const struct choices thread_states = {
	(const char *const[]){ "running", "terminated", NULL },
	"running or terminated",
};
static const struct choices site_names = {
	(const char *const[]){ "object", "handle", "cid", "teb", "stack",
			       "task", "total", NULL },
	"object, handle, cid, teb, stack, task or total",
};

static const struct column stats_cols[] = {
	{ "name", "counter", COL_NAME, NULL },
	{ "value", "value", COL_INT, NULL },
};

static const struct column thread_cols[] = {
	{ "tid", "tid", COL_INT, NULL },
	{ "pid", "pid", COL_INT_OR_NULL, NULL },
	{ "state", "state", COL_ENUM, &thread_states },
	{ "exit_status", "exit_status", COL_HEX, NULL },
	{ "handles", "handles", COL_INT, NULL },
	{ "refs", "refs", COL_INT, NULL },
	{ "priority", "prio", COL_INT, NULL },
	{ "start_routine", "start_routine", COL_STR, NULL },
	{ "object_bytes", "object", COL_INT, NULL },
	{ "handle_bytes", "handle", COL_INT, NULL },
	{ "cid_bytes", "cid", COL_INT, NULL },
	{ "teb_bytes", "teb", COL_INT, NULL },
	{ "stack_bytes", "stack", COL_INT, NULL },
	{ "task_bytes", "task", COL_INT, NULL },
	{ "total_bytes", "total", COL_INT, NULL },
	{ "pool_bytes", "pool", COL_INT, NULL },
	{ "pool_peak_bytes", "pool_peak", COL_INT, NULL },
	{ "pool_allocs", "pool_allocs", COL_INT, NULL },
};

static const struct column site_cols[] = {
	{ "site", "site", COL_ENUM, &site_names },
	{ "nt_routine", "nt_routine", COL_STR, NULL },
	{ "linux_mechanism", "linux_mechanism", COL_STR, NULL },
	{ "threads", "threads", COL_INT, NULL },
	{ "mean_bytes", "mean", COL_INT, NULL },
	{ "max_bytes", "max", COL_INT, NULL },
	{ "total_bytes", "total", COL_INT, NULL },
	{ "nt32_bytes", "nt32", COL_INT_OR_NULL, NULL },
	{ "nt64_bytes", "nt64", COL_INT_OR_NULL, NULL },
};

static const struct choices pool_types = {
	(const char *const[]){ "Nonp", "Paged", NULL },
	"Nonp or Paged",
};
static const struct choices pool_states = {
	(const char *const[]){ "alive", "gone", "cpu", NULL },
	"alive, gone or cpu",
};

/* pool: poolmon's table; pool_threads: the same per thread (or CPU). */
#define POOL_FIGURES							\
	{ "tag", "tag", COL_STR, NULL },				\
	{ "tag_value", "tag_value", COL_HEX, NULL },			\
	{ "type", "type", COL_ENUM, &pool_types },			\
	{ "allocs", "allocs", COL_INT, NULL },				\
	{ "frees", "frees", COL_INT, NULL },				\
	{ "diff", "diff", COL_INT, NULL },				\
	{ "bytes", "bytes", COL_INT, NULL },				\
	{ "peak_bytes", "peak", COL_INT, NULL }

static const struct column pool_cols[] = {
	POOL_FIGURES,
};

static const struct column pool_thread_cols[] = {
	{ "tid", "tid", COL_INT_OR_NULL, NULL },
	{ "start_routine", "start_routine", COL_STR, NULL },
	{ "state", "state", COL_ENUM, &pool_states },
	POOL_FIGURES,
};

static const struct column handle_cols[] = {
	{ "value", "value", COL_HEX, NULL },
	{ "type", "type", COL_STR, NULL },
	{ "access", "access", COL_HEX, NULL },
	{ "target", "target", COL_STR, NULL },
};

static const struct schema stats_schema = {
	"stats", false, ARRAY_SIZE(stats_cols), stats_cols
};
static const struct schema threads_schema = {
	"threads", true, ARRAY_SIZE(thread_cols), thread_cols
};
static const struct schema sites_schema = {
	"alloc_sites", true, ARRAY_SIZE(site_cols), site_cols
};
static const struct schema handles_schema = {
	"handles", true, ARRAY_SIZE(handle_cols), handle_cols
};
static const struct schema pool_schema = {
	"pool", true, ARRAY_SIZE(pool_cols), pool_cols
};
static const struct schema pool_threads_schema = {
	"pool_threads", true, ARRAY_SIZE(pool_thread_cols), pool_thread_cols
};

/* A parsed file: tokens are NUL-terminated in place in @text. */
struct table {
	const struct schema *schema;
	char *path;
	char *text;
	size_t ncols;		/* the file's: the header's columns, in its order */
	struct column *cols;
	char **cells;		/* nrows * ncols */
	unsigned int *lines;	/* line number of each row */
	size_t nrows, cap;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * canon_int() - check a decimal integer that fits 64 bits (signed if
 * negative, unsigned if not) and rewrite it in place without leading zeros,
 * so that it is a valid JSON number.
 */
static bool canon_int(char *tok)
{
	bool neg = tok[0] == '-';
	char *digits = tok + neg, *p = digits;
	uint64_t v = 0;
	size_t n;

	if (!*p)
		return false;
	for (; *p; p++) {
		unsigned int d = (unsigned int)(*p - '0');

		if (d > 9)
			return false;
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (neg && v > (uint64_t)INT64_MAX + 1)
		return false;
	/* Strip leading zeros, keeping one digit; "-0" becomes "0". */
	p = digits;
	while (p[0] == '0' && p[1])
		p++;
	n = strlen(p);
	if (neg && v == 0)
		neg = false;
	if (neg)
		memmove(tok + 1, p, n + 1);
	else
		memmove(tok, p, n + 1);
	return true;
}

static bool is_hex(const char *tok)
{
	size_t n;

	if (tok[0] != '0' || (tok[1] != 'x' && tok[1] != 'X'))
		return false;
	n = strspn(tok + 2, "0123456789abcdefABCDEF");
	return n >= 1 && n <= 16 && !tok[2 + n];
}

static bool is_name(const char *tok)
{
	size_t n = strspn(tok, "abcdefghijklmnopqrstuvwxyz0123456789_");

	return n && !tok[n];
}

static bool is_dash(const char *tok)
{
	return tok[0] == '-' && !tok[1];
}

static bool in_choices(const char *tok, const struct choices *choices)
{
	const char *const *name;

	for (name = choices->names; *name; name++)
		if (!strcmp(tok, *name))
			return true;
	return false;
}

/*
 * check_cell() - validate (and canonicalise) one token for @col.
 * Return: NULL if good, else what the column expected.
 */
static const char *check_cell(const struct column *col, char *tok)
{
	switch (col->type) {
	case COL_INT:
		return canon_int(tok) ? NULL : "an integer";
	case COL_INT_OR_NULL:
		return is_dash(tok) || canon_int(tok) ? NULL : "an integer or '-'";
	case COL_HEX:
		return is_hex(tok) ? NULL : "a hex number 0x...";
	case COL_STR:
		return NULL;
	case COL_NAME:
		return is_name(tok) ? NULL : "a name of [a-z0-9_]";
	case COL_ENUM:
		return in_choices(tok, col->choices) ? NULL : col->choices->text;
	}
	return "a known column type";
}

/* ----------------------------------------------------------------------
 * Reading
 */

static const char *root = DEFAULT_ROOT;

/* check_root() - the debugfs directory exists, or exit 1 saying why not. */
static void check_root(void)
{
	struct stat st;
	int err;

	if (stat(root, &st)) {
		err = errno;
		if (err == ENOENT && !strcmp(root, DEFAULT_ROOT))
			die(EXIT_MISSING, "%s: %s (ntthread not loaded, or debugfs not mounted at /sys/kernel/debug)",
			    root, strerror(err));
		die(EXIT_MISSING, "%s: %s%s", root, strerror(err),
		    err == EACCES ? " (debugfs needs root)" : "");
	}
	if (!S_ISDIR(st.st_mode))
		die(EXIT_MISSING, "%s: %s", root, strerror(ENOTDIR));
}

/* read_whole() - the contents of @path, NUL-terminated; exits on error. */
static char *read_whole(const char *path, size_t *lenp)
{
	size_t len = 0, cap = 4096;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;

		die(EXIT_MISSING, "%s: %s%s", path, strerror(err),
		    err == ENOENT ? " (this ntthread does not publish it)" :
		    err == EACCES ? " (debugfs needs root)" : "");
	}
	buf = xmalloc(cap);
	for (;;) {
		ssize_t n;

		if (cap - len < 2) {
			if (cap > SIZE_MAX / 2)
				die(EXIT_MISSING, "%s: out of memory", path);
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			int err = errno;

			if (err == EINTR)
				continue;
			die(EXIT_MISSING, "%s: %s", path, strerror(err));
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

static void table_free(struct table *t)
{
	free(t->path);
	free(t->text);
	free(t->cols);
	free(t->cells);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}

static char **table_row(const struct table *t, size_t row)
{
	return t->cells + row * t->ncols;
}

/* table_col() - the index of column @name in @t, or -1. */
static int table_col(const struct table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return (int)i;
	return -1;
}

/*
 * set_header() - take the columns of header line @cell (@count tokens):
 * each of @s's columns exactly once, in any order, and any others (a newer
 * ntthread's): integers or '-' if named *_bytes, else strings.
 */
static void set_header(struct table *t, const struct schema *s, char **cell,
		       size_t count, unsigned int lineno)
{
	size_t i, j, n;

	if (strcmp(cell[0], s->cols[0].name))
		die(EXIT_MALFORMED, "%s:%u: expected a header line starting with '%s', found '%.*s'",
		    t->path, lineno, s->cols[0].name, QUOTE_MAX, cell[0]);
	t->ncols = count;
	t->cols = xreallocarray(NULL, count, sizeof(*t->cols));
	for (i = 0; i < count; i++) {
		if (!is_name(cell[i]))
			die(EXIT_MALFORMED, "%s:%u: header column %zu is '%.*s', not a name of [a-z0-9_]",
			    t->path, lineno, i + 1, QUOTE_MAX, cell[i]);
		for (j = 0; j < i; j++)
			if (!strcmp(cell[i], cell[j]))
				die(EXIT_MALFORMED, "%s:%u: header column '%.*s' repeats column %zu",
				    t->path, lineno, QUOTE_MAX, cell[i], j + 1);
		/* Not ours: a byte count if its name says so, else text. */
		n = strlen(cell[i]);
		t->cols[i] = (struct column){ cell[i], cell[i],
			n > 6 && !strcmp(cell[i] + n - 6, "_bytes") ?
			COL_INT_OR_NULL : COL_STR, NULL };
		for (j = 0; j < s->ncols; j++)
			if (!strcmp(cell[i], s->cols[j].name))
				t->cols[i] = s->cols[j];
	}
	for (j = 0; j < s->ncols; j++)
		if (table_col(t, s->cols[j].name) < 0)
			die(EXIT_MALFORMED, "%s:%u: header lacks column '%s'",
			    t->path, lineno, s->cols[j].name);
}

/* check_format() - if @cell (@count tokens) is "# format N", check N. */
static void check_format(const struct table *t, char **cell, size_t count,
			 unsigned int lineno)
{
	char *end;
	unsigned long v;

	if (count != 3 || strcmp(cell[0], "#") || strcmp(cell[1], "format"))
		return;
	errno = 0;
	v = strtoul(cell[2], &end, 10);
	if (errno || end == cell[2] || *end || !isdigit((unsigned char)cell[2][0]))
		die(EXIT_MALFORMED, "%s:%u: format version '%.*s' is not a number",
		    t->path, lineno, QUOTE_MAX, cell[2]);
	if (v != FORMAT_VERSION)
		die(EXIT_MALFORMED, "%s:%u: format %lu, this ntstat reads format %d (ntstat " NTSTAT_VERSION ")",
		    t->path, lineno, v, FORMAT_VERSION);
}

/*
 * load_table() - read and check one file against its schema.  Exits with
 * EXIT_MISSING if it cannot be read, EXIT_MALFORMED if it is not well formed.
 */
static void load_table(struct table *t, const struct schema *s)
{
	size_t len, i, ntok = 0, tokcap = 16;
	bool want_header = s->header;
	unsigned int lineno = 0;
	char *p, *end, **tok;

	memset(t, 0, sizeof(*t));
	t->schema = s;
	t->path = xstrdup_printf("%s/%s", root, s->file);
	t->text = read_whole(t->path, &len);
	if (!want_header) {
		t->ncols = s->ncols;
		t->cols = xreallocarray(NULL, s->ncols, sizeof(*t->cols));
		memcpy(t->cols, s->cols, s->ncols * sizeof(*t->cols));
	}

	/* Only printable ASCII, blanks and newlines: tokens are then safe to
	 * quote in messages and to put into a table. */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t->text[i];

		if (c == '\n')
			lineno++;
		else if ((c < 0x20 || c > 0x7e) && !is_space((char)c))
			die(EXIT_MALFORMED, "%s:%u: byte 0x%02x is not printable ASCII",
			    t->path, lineno + 1, c);
	}

	tok = xreallocarray(NULL, tokcap, sizeof(*tok));
	lineno = 0;
	end = t->text + len;
	for (p = t->text; p < end; ) {
		char *eol = memchr(p, '\n', (size_t)(end - p));
		char *next = eol ? eol + 1 : end;
		char *q = p;

		if (eol)
			*eol = '\0';
		lineno++;
		ntok = 0;
		for (;;) {
			while (is_space(*q))
				q++;
			if (!*q)
				break;
			if (ntok == tokcap) {
				tokcap *= 2;
				tok = xreallocarray(tok, tokcap, sizeof(*tok));
			}
			tok[ntok++] = q;
			while (*q && !is_space(*q))
				q++;
			if (*q)
				*q++ = '\0';
		}
		p = next;
		if (!ntok)
			continue;	/* blank line */
		/* "# format N" states the version; other '#' lines are comments. */
		if (tok[0][0] == '#') {
			check_format(t, tok, ntok, lineno);
			continue;
		}
		if (want_header) {
			set_header(t, s, tok, ntok, lineno);
			want_header = false;
			continue;
		}
		if (ntok != t->ncols)
			die(EXIT_MALFORMED, "%s:%u: expected %zu columns, found %zu",
			    t->path, lineno, t->ncols, ntok);
		for (i = 0; i < t->ncols; i++) {
			const char *want = check_cell(&t->cols[i], tok[i]);

			if (want)
				die(EXIT_MALFORMED, "%s:%u: %s: expected %s, found '%.*s'",
				    t->path, lineno, t->cols[i].name, want,
				    QUOTE_MAX, tok[i]);
		}
		if (t->nrows == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 16;
			t->cells = xreallocarray(t->cells, t->cap,
						 t->ncols * sizeof(*t->cells));
			t->lines = xreallocarray(t->lines, t->cap,
						 sizeof(*t->lines));
		}
		memcpy(table_row(t, t->nrows), tok, t->ncols * sizeof(*tok));
		t->lines[t->nrows++] = lineno;
	}
	free(tok);
	if (want_header)
		die(EXIT_MALFORMED, "%s: empty, expected a header line starting with '%s'",
		    t->path, s->cols[0].name);
}

struct counter_line {
	const char *name;
	unsigned int line;
};

static int counter_line_cmp(const void *a, const void *b)
{
	const struct counter_line *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* load_stats() - load_table() for stats, which also needs each name once. */
static void load_stats(struct table *t)
{
	struct counter_line *sorted;
	size_t i;

	load_table(t, &stats_schema);
	if (!t->nrows)
		die(EXIT_MALFORMED, "%s: empty, expected '<counter> <value>' lines",
		    t->path);
	sorted = xreallocarray(NULL, t->nrows, sizeof(*sorted));
	for (i = 0; i < t->nrows; i++) {
		sorted[i].name = table_row(t, i)[0];
		sorted[i].line = t->lines[i];
	}
	qsort(sorted, t->nrows, sizeof(*sorted), counter_line_cmp);
	for (i = 1; i < t->nrows; i++)
		if (!strcmp(sorted[i - 1].name, sorted[i].name))
			die(EXIT_MALFORMED, "%s:%u: counter '%.*s' repeats line %u",
			    t->path, sorted[i].line, QUOTE_MAX,
			    sorted[i].name, sorted[i - 1].line);
	free(sorted);
}

/* ----------------------------------------------------------------------
 * Rendering
 */

static void write_out(const char *buf, size_t len)
{
	if (fwrite(buf, 1, len, stdout) != len || fflush(stdout))
		die(EXIT_MISSING, "writing output: %s", strerror(errno));
}

/*
 * flush_big() - write out what @sb holds once it is large.  Called only
 * while rendering, when every file of the frame has been read and checked:
 * bad input still leaves nothing on stdout.
 */
static void flush_big(struct sbuf *sb)
{
	if (sb->len >= FLUSH_BYTES) {
		write_out(sb->buf, sb->len);
		sb->len = 0;
	}
}

static bool right_aligned(const struct column *col)
{
	return col->type == COL_INT || col->type == COL_INT_OR_NULL;
}

static void put_cell(struct sbuf *sb, const char *s, size_t width,
		     bool right, bool last)
{
	size_t n = strlen(s), pad = n < width ? width - n : 0;

	if (right)
		sb_pad(sb, pad);
	sb_puts(sb, s);
	if (!right && !last)
		sb_pad(sb, pad);
}

/*
 * render_text() - @t as a table, columns aligned, two blanks between.
 * A cell wider than WIDTH_MAX shifts the rest of its row only.
 */
static void render_text(struct sbuf *sb, const struct table *t,
			const char *title)
{
	size_t *width = xmalloc(t->ncols * sizeof(*width));
	size_t r, c;

	for (c = 0; c < t->ncols; c++) {
		width[c] = strlen(t->cols[c].label);
		for (r = 0; r < t->nrows; r++) {
			size_t n = strlen(table_row(t, r)[c]);

			if (n > width[c])
				width[c] = n < WIDTH_MAX ? n : WIDTH_MAX;
		}
	}
	sb_printf(sb, "%s\n", title);
	for (c = 0; c < t->ncols; c++) {
		sb_puts(sb, "  ");
		put_cell(sb, t->cols[c].label, width[c],
			 right_aligned(&t->cols[c]), c + 1 == t->ncols);
	}
	sb_putc(sb, '\n');
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			sb_puts(sb, "  ");
			put_cell(sb, table_row(t, r)[c], width[c],
				 right_aligned(&t->cols[c]),
				 c + 1 == t->ncols);
		}
		sb_putc(sb, '\n');
		flush_big(sb);
	}
	if (!t->nrows)
		sb_puts(sb, "  (none)\n");
	free(width);
}

static void render_json_cell(struct sbuf *sb, const struct column *col,
			     const char *tok)
{
	switch (col->type) {
	case COL_INT:
		sb_puts(sb, tok);
		return;
	case COL_INT_OR_NULL:
		sb_puts(sb, is_dash(tok) ? "null" : tok);
		return;
	case COL_STR:
		if (is_dash(tok)) {
			sb_puts(sb, "null");
			return;
		}
		break;
	case COL_HEX:
	case COL_NAME:
	case COL_ENUM:
		break;
	}
	sb_json_str(sb, tok);
}

/* render_json_rows() - "key":[{...},...] for a table with a header. */
static void render_json_rows(struct sbuf *sb, const char *key,
			     const struct table *t)
{
	size_t r, c;

	sb_json_str(sb, key);
	sb_puts(sb, ":[");
	for (r = 0; r < t->nrows; r++) {
		sb_puts(sb, r ? ",{" : "{");
		for (c = 0; c < t->ncols; c++) {
			if (c)
				sb_putc(sb, ',');
			sb_json_str(sb, t->cols[c].name);
			sb_putc(sb, ':');
			render_json_cell(sb, &t->cols[c], table_row(t, r)[c]);
		}
		sb_putc(sb, '}');
		flush_big(sb);
	}
	sb_putc(sb, ']');
}

/* ----------------------------------------------------------------------
 * --sort, --by routine
 */

static const struct table *sort_t;
static int sort_c;

static int cmp_num(const char *x, const char *y, enum col_type type)
{
	/* '-' (no figure) sorts below every number. */
	if (is_dash(x) || is_dash(y))
		return is_dash(y) - is_dash(x);
	if (type == COL_HEX) {
		unsigned long long a = strtoull(x, NULL, 16), b = strtoull(y, NULL, 16);

		return a < b ? -1 : a > b;
	}
	if ((x[0] == '-') != (y[0] == '-'))
		return x[0] == '-' ? -1 : 1;
	/* Canonical decimals of one sign: the longer is the larger. */
	{
		size_t lx = strlen(x), ly = strlen(y);
		int r = lx != ly ? (lx < ly ? -1 : 1) : strcmp(x, y);

		return x[0] == '-' ? -r : r;
	}
}

/* Numbers biggest first (as slabtop and poolmon sort), text A to Z; ties
 * keep the file's order. */
static int sort_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct column *col = &sort_t->cols[sort_c];
	const char *x = table_row(sort_t, i)[sort_c], *y = table_row(sort_t, j)[sort_c];
	int r;

	if (col->type == COL_INT || col->type == COL_INT_OR_NULL || col->type == COL_HEX)
		r = -cmp_num(x, y, col->type);
	else
		r = strcmp(x, y);
	return r ? r : (i < j ? -1 : i > j);
}

/* sort_table() - order @t's rows by column @name; exit 64 if it has none. */
static void sort_table(struct table *t, const char *name)
{
	size_t *order, r, n = t->ncols;
	char **cells;
	unsigned int *lines;

	if (!name)
		return;
	sort_c = table_col(t, name);
	if (sort_c < 0)
		die(EXIT_USAGE, "--sort: %s has no column '%.*s'", t->schema->file,
		    QUOTE_MAX, name);
	sort_t = t;
	order = xreallocarray(NULL, t->nrows, sizeof(*order));
	for (r = 0; r < t->nrows; r++)
		order[r] = r;
	qsort(order, t->nrows, sizeof(*order), sort_cmp);
	cells = xreallocarray(NULL, t->nrows ? t->nrows : 1, n * sizeof(*cells));
	lines = xreallocarray(NULL, t->nrows ? t->nrows : 1, sizeof(*lines));
	for (r = 0; r < t->nrows; r++) {
		memcpy(cells + r * n, table_row(t, order[r]), n * sizeof(*cells));
		lines[r] = t->lines[order[r]];
	}
	free(t->cells);
	free(t->lines);
	t->cells = cells;
	t->lines = lines;
	free(order);
}

static const struct schema by_routine_schema = {
	"threads", true, 0, NULL
};

/*
 * by_routine() - @threads grouped by start routine, into @g: per routine
 * the threads, those running, their handles, and the sum of every *_bytes
 * column (a newer ntthread's too; '-' counts 0).  Its cells are strings
 * in one buffer, @g->text.
 */
static void by_routine(const struct table *th, struct table *g)
{
	int rc = table_col(th, "start_routine"), sc = table_col(th, "state");
	int hc = table_col(th, "handles");
	size_t *order, *sum_cols, nsum = 0, r, c, k;
	struct sbuf cells = { 0 };
	size_t *offsets = NULL, ncells = 0;

	memset(g, 0, sizeof(*g));
	g->schema = &by_routine_schema;
	g->path = xstrdup_printf("%s", th->path);
	sum_cols = xreallocarray(NULL, th->ncols, sizeof(*sum_cols));
	for (c = 0; c < th->ncols; c++) {
		size_t n = strlen(th->cols[c].name);

		if ((th->cols[c].type == COL_INT || th->cols[c].type == COL_INT_OR_NULL) && n > 6 &&
		    !strcmp(th->cols[c].name + n - 6, "_bytes"))
			sum_cols[nsum++] = c;
	}
	g->ncols = 4 + nsum;
	g->cols = xreallocarray(NULL, g->ncols, sizeof(*g->cols));
	g->cols[0] = (struct column){ "start_routine", "start_routine", COL_STR, NULL };
	g->cols[1] = (struct column){ "threads", "threads", COL_INT, NULL };
	g->cols[2] = (struct column){ "running", "running", COL_INT, NULL };
	g->cols[3] = (struct column){ "handles", "handles", COL_INT, NULL };
	for (k = 0; k < nsum; k++)
		g->cols[4 + k] = th->cols[sum_cols[k]];

	sort_t = th;
	sort_c = rc;
	order = xreallocarray(NULL, th->nrows ? th->nrows : 1, sizeof(*order));
	for (r = 0; r < th->nrows; r++)
		order[r] = r;
	qsort(order, th->nrows, sizeof(*order), sort_cmp);
	for (r = 0; r < th->nrows; ) {
		const char *name = table_row(th, order[r])[rc];
		unsigned long long threads = 0, running = 0, handles = 0;
		unsigned long long *sums = calloc(nsum ? nsum : 1, sizeof(*sums));
		size_t e;

		if (!sums)
			die(EXIT_MISSING, "out of memory");
		for (e = r; e < th->nrows && !strcmp(table_row(th, order[e])[rc], name); e++) {
			char **row = table_row(th, order[e]);

			threads++;
			running += !strcmp(row[sc], "running");
			handles += strtoull(row[hc], NULL, 10);
			for (k = 0; k < nsum; k++)
				sums[k] += strtoull(row[sum_cols[k]], NULL, 10);
		}
		offsets = xreallocarray(offsets, ncells + g->ncols, sizeof(*offsets));
		offsets[ncells++] = cells.len;
		sb_printf(&cells, "%s%c", name, 0);
		offsets[ncells++] = cells.len;
		sb_printf(&cells, "%llu%c", threads, 0);
		offsets[ncells++] = cells.len;
		sb_printf(&cells, "%llu%c", running, 0);
		offsets[ncells++] = cells.len;
		sb_printf(&cells, "%llu%c", handles, 0);
		for (k = 0; k < nsum; k++) {
			offsets[ncells++] = cells.len;
			sb_printf(&cells, "%llu%c", sums[k], 0);
		}
		free(sums);
		g->nrows++;
		r = e;
	}
	g->text = cells.buf ? cells.buf : xstrdup_printf("%s", "");
	g->cells = xreallocarray(NULL, ncells ? ncells : 1, sizeof(*g->cells));
	g->lines = xreallocarray(NULL, g->nrows ? g->nrows : 1, sizeof(*g->lines));
	for (k = 0; k < ncells; k++)
		g->cells[k] = g->text + offsets[k];
	for (r = 0; r < g->nrows; r++)
		g->lines[r] = 0;
	free(offsets);
	free(order);
	free(sum_cols);
}

/* ----------------------------------------------------------------------
 * Frames and --watch's deltas
 */

enum command { CMD_SUMMARY, CMD_THREADS, CMD_SITES, CMD_HANDLES, CMD_POOL };

static const char *const command_names[] = {
	[CMD_SUMMARY] = "summary",
	[CMD_THREADS] = "threads",
	[CMD_SITES] = "sites",
	[CMD_HANDLES] = "handles",
	[CMD_POOL] = "pool",
};

static const char *sort_key;	/* --sort */
/* --by: threads per start routine; pool per tag or per thread and tag. */
static enum { BY_NONE, BY_ROUTINE, BY_TAG, BY_THREAD } by_opt;
static const char *const by_names[] = {
	[BY_ROUTINE] = "routine",
	[BY_TAG] = "tag",
	[BY_THREAD] = "thread",
};

/*
 * The previous --watch frame: its counters (summary) or its row count.
 * A delta is shown from the second frame on.
 */
struct counter {
	char *name;
	long long value;
};

static struct {
	bool have;		/* a previous frame exists */
	struct counter *counters;
	size_t ncounters;
	size_t rows;
	double when;
} prev;

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* iso_time() - @t as 2026-12-01T18:00:00.123Z. */
static void iso_time(char *buf, size_t size, double t)
{
	time_t sec = (time_t)t;
	struct tm tm;
	char base[32] = "";

	if (gmtime_r(&sec, &tm))
		strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, size, "%s.%03dZ", base, (int)((t - (double)sec) * 1000) % 1000);
}

/* A counter's value as a long long; false past its range. */
static bool counter_value(const char *tok, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(tok, &end, 10);
	return !errno && !*end;
}

/* counter_delta() - @name's change since the previous frame, if known. */
static bool counter_delta(const char *name, const char *tok, long long *d)
{
	long long v;
	size_t i;

	if (!prev.have || !counter_value(tok, &v))
		return false;
	for (i = 0; i < prev.ncounters; i++)
		if (!strcmp(prev.counters[i].name, name))
			return !__builtin_sub_overflow(v, prev.counters[i].value, d);
	return false;
}

static void remember_counters(const struct table *stats)
{
	size_t i;

	for (i = 0; i < prev.ncounters; i++)
		free(prev.counters[i].name);
	prev.counters = xreallocarray(prev.counters, stats->nrows ? stats->nrows : 1,
				      sizeof(*prev.counters));
	prev.ncounters = 0;
	for (i = 0; i < stats->nrows; i++) {
		char **row = table_row(stats, i);
		long long v;

		if (counter_value(row[1], &v)) {
			prev.counters[prev.ncounters].name = xstrdup_printf("%s", row[0]);
			prev.counters[prev.ncounters++].value = v;
		}
	}
}

static void render_summary(struct sbuf *sb, bool json, bool watch)
{
	struct table stats, sites;
	size_t r, name_w = 0, value_w = 0;
	long long d;

	load_stats(&stats);
	load_table(&sites, &sites_schema);
	sort_table(&sites, sort_key);
	if (json) {
		sb_puts(sb, "\"stats\":{");
		for (r = 0; r < stats.nrows; r++) {
			char **row = table_row(&stats, r);

			if (r)
				sb_putc(sb, ',');
			sb_json_str(sb, row[0]);
			sb_putc(sb, ':');
			sb_puts(sb, row[1]);
		}
		sb_puts(sb, "},");
		render_json_rows(sb, "alloc_sites", &sites);
		if (watch) {
			bool first = true;

			sb_puts(sb, ",\"delta\":");
			if (!prev.have) {
				sb_puts(sb, "null");
			} else {
				sb_putc(sb, '{');
				for (r = 0; r < stats.nrows; r++) {
					char **row = table_row(&stats, r);

					if (!counter_delta(row[0], row[1], &d))
						continue;
					sb_puts(sb, first ? "" : ",");
					first = false;
					sb_json_str(sb, row[0]);
					sb_printf(sb, ":%lld", d);
				}
				sb_putc(sb, '}');
			}
		}
	} else {
		for (r = 0; r < stats.nrows; r++) {
			char **row = table_row(&stats, r);

			if (strlen(row[0]) > name_w)
				name_w = strlen(row[0]);
			if (strlen(row[1]) > value_w)
				value_w = strlen(row[1]);
		}
		sb_puts(sb, watch && prev.have ? "counters (delta since the last frame)\n" : "counters\n");
		for (r = 0; r < stats.nrows; r++) {
			char **row = table_row(&stats, r);
			bool delta = watch && prev.have;

			sb_puts(sb, "  ");
			put_cell(sb, row[0], name_w, false, false);
			sb_puts(sb, "  ");
			put_cell(sb, row[1], value_w, true, !delta);
			if (delta) {
				if (counter_delta(row[0], row[1], &d))
					sb_printf(sb, "  %+lld", d);
				else
					sb_puts(sb, "  new");
			}
			sb_putc(sb, '\n');
		}
		sb_putc(sb, '\n');
		render_text(sb, &sites, "allocation sites (bytes)");
	}
	if (watch)
		remember_counters(&stats);
	table_free(&stats);
	table_free(&sites);
}

static void render_one(struct sbuf *sb, bool json, bool watch,
		       const struct schema *s, const char *key, const char *title)
{
	struct table file, g, *t = &file;

	load_table(&file, s);
	if (by_opt == BY_ROUTINE) {
		/* g's column names are file's: file stays until g is shown. */
		by_routine(&file, &g);
		t = &g;
		key = "by_routine";
		title = "threads by start routine (sizes in bytes)";
	}
	sort_table(t, sort_key);
	if (json) {
		render_json_rows(sb, key, t);
		if (watch && prev.have)
			sb_printf(sb, ",\"delta\":{\"rows\":%lld}",
				  (long long)t->nrows - (long long)prev.rows);
		else if (watch)
			sb_puts(sb, ",\"delta\":null");
	} else {
		render_text(sb, t, title);
		if (watch && prev.have)
			sb_printf(sb, "  %zu rows, %+lld since the last frame\n", t->nrows,
				  (long long)t->nrows - (long long)prev.rows);
	}
	prev.rows = t->nrows;
	if (t == &g)
		table_free(&g);
	table_free(&file);
}

/*
 * render() - one frame of @cmd; exits on unreadable or malformed input.
 * Under --watch, each frame says when it was read, and from the second
 * on, what changed since the one before.
 */
static void render(struct sbuf *sb, enum command cmd, bool json, bool watch,
		   double interval)
{
	double t = now_seconds();
	char stamp[40];

	check_root();
	iso_time(stamp, sizeof(stamp), t);
	if (json) {
		sb_putc(sb, '{');
		if (watch)
			sb_printf(sb, "\"time\":\"%s\",\"interval\":%g,\"elapsed\":%.3f,",
				  stamp, interval, prev.have ? t - prev.when : 0.0);
	} else if (watch) {
		/* Home the cursor, clear the screen. */
		sb_printf(sb, "\033[H\033[2J%s  every %gs  %s\n\n", root, interval, stamp);
	}
	switch (cmd) {
	case CMD_SUMMARY:
		render_summary(sb, json, watch);
		break;
	case CMD_THREADS:
		render_one(sb, json, watch, &threads_schema, "threads",
			   "threads (sizes in bytes)");
		break;
	case CMD_SITES:
		render_one(sb, json, watch, &sites_schema, "alloc_sites",
			   "allocation sites (bytes)");
		break;
	case CMD_HANDLES:
		render_one(sb, json, watch, &handles_schema, "handles",
			   "kernel handles");
		break;
	case CMD_POOL:
		if (by_opt == BY_THREAD)
			render_one(sb, json, watch, &pool_threads_schema,
				   "pool_threads",
				   "pool by thread and tag (bytes)");
		else
			render_one(sb, json, watch, &pool_schema, "pool",
				   "pool by tag (bytes)");
		break;
	}
	if (json)
		sb_puts(sb, "}\n");
	prev.have = true;
	prev.when = t;
}

/* ----------------------------------------------------------------------
 * Command line and --watch
 */

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* nap() - sleep @seconds unless a signal asks us to stop first. */
static void nap(double seconds)
{
	struct timespec ts;

	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (!stop && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ntstat [--root DIR] [--json] [--watch SECONDS] [--sort COLUMN]\n"
		"              [--by routine|tag|thread] [summary|threads|sites|handles|pool]\n"
		"\n"
		"Show ntthread's debugfs statistics.\n"
		"\n"
		"  summary   counters (stats) and allocation sites (default)\n"
		"  threads   one row per thread object alive, with its memory\n"
		"  sites     allocation sites: NT routine, Linux mechanism, bytes\n"
		"  handles   the kernel handle table\n"
		"  pool      pool by tag and type, largest first (poolmon)\n"
		"\n"
		"  --root DIR       read DIR instead of %s\n"
		"  --json           print one JSON object (one line) instead of a table\n"
		"  --watch SECONDS  redraw every SECONDS until interrupted, each frame with\n"
		"                   its time and the changes since the one before\n"
		"  --sort COLUMN    rows by COLUMN: numbers biggest first, text A to Z\n"
		"  --by routine     threads: one row per start routine, with sums\n"
		"  --by tag|thread  pool: per tag (default) or per thread and tag\n"
		"  --version        ntstat's version (ntthread's)\n"
		"  --help           this text\n"
		"\n"
		"Exit status: 0 ok, 1 cannot read, 2 malformed file, 64 bad usage.\n",
		DEFAULT_ROOT);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	die(EXIT_USAGE, "%s (see ntstat --help)", msg);
}

static double parse_interval(const char *arg)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || !isfinite(v) || v < 0.1 || v > 86400)
		usage_error("--watch: '%.*s' is not a number of seconds from 0.1 to 86400",
			    QUOTE_MAX, arg);
	return v;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "watch", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "sort", required_argument, NULL, 's' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	enum command cmd = CMD_SUMMARY;
	struct sbuf sb = { 0 };
	double interval = 0;
	bool json = false, watch = false;
	size_t i;
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'r':
			if (!*optarg)
				usage_error("--root: empty directory name");
			root = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'w':
			interval = parse_interval(optarg);
			watch = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 's':
			if (!is_name(optarg))
				usage_error("--sort: '%.*s' is not a column name",
					    QUOTE_MAX, optarg);
			sort_key = optarg;
			break;
		case 'b':
			for (i = BY_ROUTINE; i < ARRAY_SIZE(by_names); i++)
				if (!strcmp(optarg, by_names[i]))
					break;
			if (i == ARRAY_SIZE(by_names))
				usage_error("--by: '%.*s' is none of routine, tag and thread",
					    QUOTE_MAX, optarg);
			by_opt = i;
			break;
		case 'V':
			printf("ntstat %s\n", NTSTAT_VERSION);
			return 0;
		case ':':
			usage_error("%.*s: needs an argument", QUOTE_MAX,
				    argv[optind - 1]);
		default:
			/* optopt names an unknown short option; for a long one
			 * (unknown, or given an argument it does not take) the
			 * word itself is the best report. */
			if (optopt && !strchr("rjwsb", optopt))
				usage_error("unknown option '-%c'", optopt);
			usage_error("unknown option '%.*s'", QUOTE_MAX,
				    argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		usage_error("one command at most, found '%.*s' and '%.*s'",
			    QUOTE_MAX, argv[optind], QUOTE_MAX, argv[optind + 1]);
	if (optind < argc) {
		for (i = 0; i < ARRAY_SIZE(command_names); i++)
			if (!strcmp(argv[optind], command_names[i]))
				break;
		if (i == ARRAY_SIZE(command_names))
			usage_error("unknown command '%.*s'", QUOTE_MAX,
				    argv[optind]);
		cmd = (enum command)i;
	}
	if (by_opt == BY_ROUTINE && cmd != CMD_THREADS)
		usage_error("--by routine groups the threads command's rows");
	if ((by_opt == BY_TAG || by_opt == BY_THREAD) && cmd != CMD_POOL)
		usage_error("--by %s is for the pool command", by_names[by_opt]);

	if (!watch) {
		render(&sb, cmd, json, false, 0);
		write_out(sb.buf, sb.len);
		free(sb.buf);
		return 0;
	}

	/* --watch: frames until SIGINT or SIGTERM; with --json, one JSON
	 * object per line (JSON Lines) and no terminal control sequences. */
	{
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	while (!stop) {
		sb.len = 0;
		render(&sb, cmd, json, true, interval);
		write_out(sb.buf, sb.len);
		nap(interval);
	}
	free(sb.buf);
	return 0;
}
