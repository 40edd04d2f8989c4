// SPDX-License-Identifier: GPL-2.0
/*
 * Debug output (WRK's rtl/debug.c and kd/): DbgPrint and its relatives
 * format NT's conversions themselves, since printk's differ (%wZ, %ws, %S
 * and %Z print strings that printk has no conversion for; %lu is a 32-bit
 * ULONG; %I64x is 64-bit), and print the result at the printk level the
 * NT level maps to.  A string argument that is not readable memory prints
 * as "(invalid)", never faults.
 */
#define pr_fmt(fmt) fmt
/* pr_debug() prints: DbgPrintEx's levels above INFO are KERN_DEBUG. */
#define DEBUG

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "dbg.h"

struct nt_out {
	char *buf;
	size_t len;
	size_t size;
};

/* With a NULL buf, only counts. */
static void nt_putc(struct nt_out *o, char c)
{
	if (!o->buf)
		o->len++;
	else if (o->len + 1 < o->size)
		o->buf[o->len++] = c;
}

static void nt_puts(struct nt_out *o, const char *s, size_t n)
{
	while (n--)
		nt_putc(o, *s++);
}

/* One code point as UTF-8. */
static void nt_put_utf8(struct nt_out *o, u32 c)
{
	if (c < 0x80) {
		nt_putc(o, c);
	} else if (c < 0x800) {
		nt_putc(o, 0xc0 | (c >> 6));
		nt_putc(o, 0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		nt_putc(o, 0xe0 | (c >> 12));
		nt_putc(o, 0x80 | ((c >> 6) & 0x3f));
		nt_putc(o, 0x80 | (c & 0x3f));
	} else {
		nt_putc(o, 0xf0 | (c >> 18));
		nt_putc(o, 0x80 | ((c >> 12) & 0x3f));
		nt_putc(o, 0x80 | ((c >> 6) & 0x3f));
		nt_putc(o, 0x80 | (c & 0x3f));
	}
}

/*
 * UTF-16 at @p as UTF-8: @count units, or up to a NUL when @count is -1;
 * at most @max code points.  Unpaired surrogates print as U+FFFD.
 */
static void nt_put_wide(struct nt_out *o, const u16 *p, long count, long max)
{
	long i;

	if (!p) {
		nt_puts(o, "(null)", 6);
		return;
	}
	for (i = 0; (count < 0 || i < count) && max; i++, max--) {
		u16 u, v;
		u32 c;

		if (get_kernel_nofault(u, p + i)) {
			nt_puts(o, "(invalid)", 9);
			return;
		}
		if (count < 0 && !u)
			return;
		c = u;
		if (u >= 0xd800 && u < 0xdc00 && (count < 0 || i + 1 < count) &&
		    !get_kernel_nofault(v, p + i + 1) &&
		    v >= 0xdc00 && v < 0xe000) {
			c = 0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00);
			i++;
		} else if (u >= 0xd800 && u < 0xe000) {
			c = 0xfffd;
		}
		nt_put_utf8(o, c);
	}
}

/* Narrow characters at @p, as nt_put_wide(). */
static void nt_put_narrow(struct nt_out *o, const char *p, long count,
			  long max)
{
	long i;

	if (!p) {
		nt_puts(o, "(null)", 6);
		return;
	}
	for (i = 0; (count < 0 || i < count) && max; i++, max--) {
		char c;

		if (get_kernel_nofault(c, p + i)) {
			nt_puts(o, "(invalid)", 9);
			return;
		}
		if (count < 0 && !c)
			return;
		nt_putc(o, c);
	}
}

/* A counted string (%Z, %wZ): the struct, then Length bytes of buffer. */
static void nt_put_counted(struct nt_out *o, const void *s, bool wide,
			   long max)
{
	STRING str;	/* UNICODE_STRING has the same layout */

	if (!s) {
		nt_puts(o, "(null)", 6);
		return;
	}
	if (copy_from_kernel_nofault(&str, s, sizeof(str))) {
		nt_puts(o, "(invalid)", 9);
		return;
	}
	if (wide)
		nt_put_wide(o, (const u16 *)str.Buffer, str.Length / 2, max);
	else
		nt_put_narrow(o, str.Buffer, str.Length, max);
}

/* A %c, %C, %s, %S or %Z conversion's text. */
static void nt_put_string(struct nt_out *o, char conv, bool wide, int c,
			  const void *arg, long max)
{
	if (conv == 'c' || conv == 'C') {
		if (wide)
			nt_put_utf8(o, (u16)c);
		else
			nt_putc(o, c);
	} else if (conv == 'Z') {
		nt_put_counted(o, arg, wide, max);
	} else if (wide) {
		nt_put_wide(o, arg, -1, max);
	} else {
		nt_put_narrow(o, arg, -1, max);
	}
}

/* The length modifiers NT's formats use. */
enum nt_size { NT_INT, NT_CHAR, NT_SHORT, NT_LONGLONG, NT_PTRSIZE };

static long nt_number(const char **fmt, va_list *args)
{
	long n = 0;

	if (**fmt == '*') {
		(*fmt)++;
		return va_arg(*args, int);
	}
	while (**fmt >= '0' && **fmt <= '9' && n < 1000)
		n = n * 10 + *(*fmt)++ - '0';
	return n;
}

/**
 * nt_format() - format @fmt with NT's conversions into @buf
 * @buf: output, always NUL-terminated
 * @size: bytes at @buf, at least 1
 * @fmt: NT format
 * @args: its arguments
 *
 * Integers and pointers are formatted by snprintf() with the Linux length
 * modifier of the NT one; strings here.  Floating point (which the kernel
 * cannot take from a va_list) or an unknown conversion prints as itself,
 * and the rest of the format is copied unformatted, since the arguments
 * can no longer be found.
 *
 * Return: the length written.
 */
size_t nt_format(char *buf, size_t size, const char *fmt, va_list args)
{
	struct nt_out o = { .buf = buf, .size = size };
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		const char *start = fmt;
		char spec[48], tmp[64];
		long width = -1, prec = -1;
		bool left = false, wide = false;
		enum nt_size sz = NT_INT;
		int n = 0;
		char conv;

		if (*fmt != '%') {
			nt_putc(&o, *fmt++);
			continue;
		}
		fmt++;
		spec[n++] = '%';
		while (*fmt && strchr("-+ #0", *fmt)) {
			if (*fmt == '-')
				left = true;
			if (n < 8)
				spec[n++] = *fmt;
			fmt++;
		}
		if (*fmt == '*' || (*fmt >= '1' && *fmt <= '9')) {
			width = nt_number(&fmt, &ap);
			if (width < 0) {
				left = true;
				width = -width;
			}
		}
		if (*fmt == '.') {
			fmt++;
			prec = nt_number(&fmt, &ap);
		}
		if (width >= 0)
			n += scnprintf(spec + n, sizeof(spec) - n, "%s%ld",
				       left && !strchr(spec, '-') ? "-" : "",
				       width);
		if (prec >= 0)
			n += scnprintf(spec + n, sizeof(spec) - n, ".%ld", prec);
		if (!strncmp(fmt, "I64", 3)) {
			sz = NT_LONGLONG;
			fmt += 3;
		} else if (!strncmp(fmt, "I32", 3)) {
			fmt += 3;
		} else if (*fmt == 'I' || *fmt == 'z' || *fmt == 't' ||
			   *fmt == 'j') {
			sz = NT_PTRSIZE;
			fmt++;
		} else if (!strncmp(fmt, "ll", 2)) {
			sz = NT_LONGLONG;
			fmt += 2;
		} else if (!strncmp(fmt, "hh", 2)) {
			sz = NT_CHAR;
			fmt += 2;
		} else if (*fmt == 'L' || *fmt == 'q') {
			sz = NT_LONGLONG;
			fmt++;
		} else if (*fmt == 'l' || *fmt == 'w') {
			wide = true;	/* %lu is a ULONG: 32 bits */
			fmt++;
		} else if (*fmt == 'h') {
			sz = NT_SHORT;
			fmt++;
		}
		conv = *fmt;
		if (!conv)
			break;
		fmt++;
		switch (conv) {
		case '%':
			nt_putc(&o, '%');
			continue;
		case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': {
			bool sgn = conv == 'd' || conv == 'i';
			long long v;

			if (sz == NT_LONGLONG)
				v = va_arg(ap, long long);
			else if (sz == NT_PTRSIZE)
				v = sgn ? va_arg(ap, long) :
					  (long long)va_arg(ap, unsigned long);
			else
				v = sgn ? va_arg(ap, int) : va_arg(ap, unsigned int);
			if (sz == NT_CHAR)
				v = sgn ? (s8)v : (u8)v;
			else if (sz == NT_SHORT)
				v = sgn ? (s16)v : (u16)v;
			else if (sz == NT_INT && !sgn)
				v = (u32)v;
			else if (sz == NT_INT)
				v = (s32)v;
			scnprintf(spec + n, sizeof(spec) - n, "ll%c", conv);
			nt_puts(&o, tmp, scnprintf(tmp, sizeof(tmp), spec, v));
			continue;
		}
		case 'p':
			scnprintf(spec + n, sizeof(spec) - n, "p");
			nt_puts(&o, tmp, scnprintf(tmp, sizeof(tmp), spec,
						   va_arg(ap, void *)));
			continue;
		case 'n':
			(void)va_arg(ap, void *);	/* never written */
			continue;
		case 'c': case 'C': case 's': case 'S': case 'Z': {
			struct nt_out count = { };
			const void *arg = NULL;
			long pad;
			int c = 0;

			/* %S and %C are the wide forms; %hs, %hc narrow. */
			if (conv == 'S' || conv == 'C')
				wide = sz != NT_SHORT;
			if (conv == 'c' || conv == 'C')
				c = va_arg(ap, int);
			else
				arg = va_arg(ap, const void *);
			if (prec < 0)
				prec = LONG_MAX;
			/* Twice: to measure the padding, then to print. */
			nt_put_string(&count, conv, wide, c, arg, prec);
			pad = width > (long)count.len ? width - count.len : 0;
			while (!left && pad-- > 0)
				nt_putc(&o, ' ');
			nt_put_string(&o, conv, wide, c, arg, prec);
			while (left && pad-- > 0)
				nt_putc(&o, ' ');
			continue;
		}
		default:
			/* Floating point, or unknown: the rest as it is. */
			nt_puts(&o, start, strlen(start));
			fmt = start + strlen(start);
			break;
		}
	}
	va_end(ap);
	o.buf[o.len] = '\0';
	return o.len;
}
EXPORT_SYMBOL_NS_GPL(nt_format, NT_NS_INTERNAL);

/**
 * nt_dbg_loglevel() - the printk level of a DbgPrintEx level
 * @level: 0..31, or (above 31) a mask whose lowest set bit is the level
 *
 * Context: any context.
 * Return: LOGLEVEL_ERR, _WARNING, _NOTICE, _INFO for DPFLTR_ERROR_LEVEL,
 * _WARNING_LEVEL, _TRACE_LEVEL, _INFO_LEVEL; LOGLEVEL_DEBUG above; an
 * empty mask is INFO.
 */
int nt_dbg_loglevel(ULONG level)
{
	if (level > 31) {
		level &= ~DPFLTR_MASK;
		level = level ? __ffs(level) : DPFLTR_INFO_LEVEL;
	}
	return level < 4 ? LOGLEVEL_ERR + level : LOGLEVEL_DEBUG;
}
EXPORT_SYMBOL_NS_GPL(nt_dbg_loglevel, NT_NS_INTERNAL);

static void nt_dbg_emit(int loglevel, const char *prefix, const char *text)
{
	switch (loglevel) {
	case LOGLEVEL_ERR:
		pr_err("%s%s", prefix, text);
		break;
	case LOGLEVEL_WARNING:
		pr_warn("%s%s", prefix, text);
		break;
	case LOGLEVEL_NOTICE:
		pr_notice("%s%s", prefix, text);
		break;
	case LOGLEVEL_INFO:
		pr_info("%s%s", prefix, text);
		break;
	default:
		pr_debug("%s%s", prefix, text);
		break;
	}
}

/**
 * vDbgPrintExWithPrefix() - print an NT-format message with a prefix
 * @Prefix: printed before the message (NULL: none)
 * @ComponentId: DPFLTR_* component: accepted, not filtered on (the
 *	console log level filters instead)
 * @Level: DPFLTR_*_LEVEL, or a mask of them (see nt/debug.h)
 * @Format: NT format (see nt_format())
 * @arglist: its arguments
 *
 * Context: any context (IRQL <= HIGH_LEVEL).  Does not sleep.
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER with a NULL @Format
 * (nothing is printed).
 */
ULONG vDbgPrintExWithPrefix(PCCH Prefix, ULONG ComponentId, ULONG Level,
			    PCCH Format, va_list arglist)
{
	char text[NT_DBG_MAX];

	if (!Format)
		return STATUS_INVALID_PARAMETER;
	nt_format(text, sizeof(text), Format, arglist);
	nt_dbg_emit(nt_dbg_loglevel(Level), Prefix ? (const char *)Prefix : "", text);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(vDbgPrintExWithPrefix);

/**
 * vDbgPrintEx() - print an NT-format message at a DPFLTR level
 * @ComponentId: DPFLTR_* component
 * @Level: DPFLTR_*_LEVEL, or a mask of them
 * @Format: NT format
 * @arglist: its arguments
 *
 * Context: any context.  Does not sleep.
 * Return: as vDbgPrintExWithPrefix().
 */
ULONG vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format,
		  va_list arglist)
{
	return vDbgPrintExWithPrefix(NULL, ComponentId, Level, Format, arglist);
}
EXPORT_SYMBOL_GPL(vDbgPrintEx);

/**
 * DbgPrintEx() - print an NT-format message at a DPFLTR level
 * @ComponentId: DPFLTR_* component
 * @Level: DPFLTR_*_LEVEL, or a mask of them
 * @Format: NT format, then its arguments
 *
 * Context: any context.  Does not sleep.
 * Return: as vDbgPrintExWithPrefix().
 */
ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
	va_list args;
	ULONG status;

	va_start(args, Format);
	status = vDbgPrintExWithPrefix(NULL, ComponentId, Level, Format, args);
	va_end(args);
	return status;
}
EXPORT_SYMBOL_GPL(DbgPrintEx);

/**
 * DbgPrint() - print an NT-format message at KERN_INFO
 * @Format: NT format, then its arguments
 *
 * Context: any context.  Does not sleep.
 * Return: as vDbgPrintExWithPrefix().
 */
ULONG DbgPrint(PCSTR Format, ...)
{
	va_list args;
	ULONG status;

	va_start(args, Format);
	status = vDbgPrintExWithPrefix(NULL, DPFLTR_DEFAULT_ID,
				       DPFLTR_INFO_LEVEL, Format, args);
	va_end(args);
	return status;
}
EXPORT_SYMBOL_GPL(DbgPrint);

/**
 * RtlAssert() - report a failed assertion (what ASSERT calls)
 * @VoidFailedAssertion: the condition's text
 * @VoidFileName: the source file
 * @LineNumber: the line
 * @MutableMessage: an extra message, or NULL
 *
 * A Windows debug build breaks into the debugger here; this logs the
 * assertion at KERN_ERR and returns.  Unreadable strings print as
 * "(invalid)".
 *
 * Context: any context.  Does not sleep.
 */
VOID RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName,
	       ULONG LineNumber, PCHAR MutableMessage)
{
	DbgPrintEx(DPFLTR_DEFAULT_ID, DPFLTR_ERROR_LEVEL,
		   "*** Assertion failed: %s%s%s\n***   Source File: %s, line %lu\n",
		   MutableMessage ? (const char *)MutableMessage : "",
		   MutableMessage ? " " : "", VoidFailedAssertion,
		   VoidFileName, LineNumber);
}
EXPORT_SYMBOL_GPL(RtlAssert);
