// SPDX-License-Identifier: GPL-2.0
/*
 * The harness's self-test: one suite with a failing case, one whose only
 * case passes but triggers a WARN.  The verdict must fail on both.
 */
#include <kunit/test.h>
#include <linux/bug.h>
#include <linux/module.h>

static void selftest_bad_fails(struct kunit *test)
{
	KUNIT_EXPECT_EQ_MSG(test, 1, 2, "this failure is on purpose");
}

static void selftest_bad_warns(struct kunit *test)
{
	WARN(1, "ntthread harness self-test: this WARN is on purpose\n");
	KUNIT_EXPECT_TRUE(test, true);
}

static struct kunit_case selftest_fail_cases[] = {
	KUNIT_CASE(selftest_bad_fails),
	{}
};

static struct kunit_case selftest_warn_cases[] = {
	KUNIT_CASE(selftest_bad_warns),
	{}
};

static struct kunit_suite selftest_fail_suite = {
	.name = "ntthread_selftest_fail",
	.test_cases = selftest_fail_cases,
};

static struct kunit_suite selftest_warn_suite = {
	.name = "ntthread_selftest_warn",
	.test_cases = selftest_warn_cases,
};

kunit_test_suites(&selftest_fail_suite, &selftest_warn_suite);
MODULE_DESCRIPTION("ntthread harness self-test: known-bad KUnit suites");
MODULE_LICENSE("GPL");
