// SPDX-License-Identifier: GPL-2.0
/*
 * ntthread_adopt: the thread object of a task the layer did not create
 * (module/adopt.c): made on first use at any IRQL, found in every
 * context after, ended when the task exits, freed with its last handle
 * or reference.  The 10,000 user processes are the guest check's
 * (tools/qemu/checks/adopt.sh).
 */
#include <linux/kthread.h>
#include <linux/sched/task.h>
#include <linux/workqueue.h>

#include "ntthread_kunit.h"

static void adopt_kunit_thread_has_an_object(struct kunit *test)
{
	PETHREAD self = PsGetCurrentThread(), found = NULL;
	HANDLE tid = PsGetCurrentThreadId();
	PVOID object = NULL;

	KUNIT_ASSERT_NOT_NULL(test, self);
	KUNIT_EXPECT_PTR_EQ(test, KeGetCurrentThread(), self);
	KUNIT_EXPECT_PTR_EQ(test, PsGetCurrentThread(), self);
	KUNIT_EXPECT_TRUE(test, self->flags & NT_THREAD_ADOPTED);
	KUNIT_EXPECT_PTR_EQ(test, self->tcb.task, current);
	KUNIT_EXPECT_NE(test, (unsigned long)tid, 0UL);
	KUNIT_EXPECT_EQ(test, (unsigned long)tid % 4, 0UL);
	KUNIT_EXPECT_NE(test, (unsigned long)tid, 4UL);
	KUNIT_EXPECT_PTR_EQ(test, tid, PsGetThreadId(self));
	KUNIT_EXPECT_EQ(test, (unsigned long)PsGetThreadProcessId(self), 4UL);
	/* A kernel thread: a system thread in Windows' terms. */
	KUNIT_EXPECT_TRUE(test, PsIsSystemThread(self));
	KUNIT_EXPECT_FALSE(test, PsIsThreadTerminating(self));
	KUNIT_EXPECT_EQ(test, PsGetThreadExitStatus(self), STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, KeQueryPriorityThread(self), 8);
	KUNIT_ASSERT_EQ(test, PsLookupThreadByThreadId(tid, &found), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, found, self);
	ObDereferenceObject(found);
	KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(NtCurrentThread(), SYNCHRONIZE,
							*PsThreadType, KernelMode,
							&object, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, object, (PVOID)self);
	ObDereferenceObject(object);
	/* Not a system thread of this layer: the caller runs on. */
	KUNIT_EXPECT_EQ(test, PsTerminateSystemThread(STATUS_SUCCESS),
			STATUS_INVALID_PARAMETER);
	/* Found at DISPATCH_LEVEL once it exists. */
	preempt_disable();
	found = PsGetCurrentThread();
	preempt_enable();
	KUNIT_EXPECT_PTR_EQ(test, found, self);
	/* One extra dereference keeps the object of a live task. */
	ObDereferenceObject(self);
	KUNIT_EXPECT_PTR_EQ(test, PsGetCurrentThread(), self);
	KUNIT_EXPECT_GE(test, refcount_read(&nt_ob_header(self)->pointer_count), 1U);
}

/* How a kthread's first call is made: at PASSIVE_LEVEL, or at DISPATCH_LEVEL. */
enum adopt_first {
	ADOPT_FIRST_PASSIVE,
	ADOPT_FIRST_PREEMPT_OFF,
	ADOPT_FIRST_IRQS_OFF,
	ADOPT_FIRST_SPIN_LOCK,
	ADOPT_FIRST_RAISED_IRQL,
	ADOPT_FIRSTS
};

static const char *const adopt_first_names[ADOPT_FIRSTS] = {
	[ADOPT_FIRST_PASSIVE] = "PASSIVE_LEVEL",
	[ADOPT_FIRST_PREEMPT_OFF] = "preemption disabled",
	[ADOPT_FIRST_IRQS_OFF] = "interrupts disabled",
	[ADOPT_FIRST_SPIN_LOCK] = "under a KSPIN_LOCK",
	[ADOPT_FIRST_RAISED_IRQL] = "KeRaiseIrql(DISPATCH_LEVEL)",
};

/**
 * struct adopt_kthread - a plain kthread that calls in
 * @first_how: how it makes its first call (enum adopt_first)
 * @lock: the KSPIN_LOCK of ADOPT_FIRST_SPIN_LOCK
 * @hold_mutex: acquire it (in the first call) and end without releasing it
 * @go: set by the test to let it end
 * @ready: set by it once it has its object
 * @first: PsGetCurrentThread() at the first call
 * @first_tid: PsGetCurrentThreadId() then
 * @first_irql: KeGetCurrentIrql() then
 * @first_ref: ObReferenceObjectByHandle(NtCurrentThread()) then
 * @mutex_status: the first call's zero-timeout wait for @hold_mutex
 * @self: PsGetCurrentThread() at PASSIVE_LEVEL
 * @again: the same, with preemption disabled
 * @handle: a handle to @self it opened
 */
struct adopt_kthread {
	enum adopt_first first_how;
	KSPIN_LOCK lock;
	KMUTEX *hold_mutex;
	KEVENT go, ready;
	PETHREAD first;
	HANDLE first_tid;
	KIRQL first_irql;
	NTSTATUS first_ref, mutex_status;
	PETHREAD self, again;
	HANDLE handle;
};

/* The first call: the queries, a reference by NtCurrentThread(), the mutex. */
static void adopt_first_call(struct adopt_kthread *k, PVOID *object)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };

	k->first = PsGetCurrentThread();
	k->first_tid = PsGetCurrentThreadId();
	k->first_irql = KeGetCurrentIrql();
	k->first_ref = ObReferenceObjectByHandle(NtCurrentThread(), 0,
						 *PsThreadType, KernelMode,
						 object, NULL);
	if (k->hold_mutex)
		k->mutex_status = KeWaitForSingleObject(k->hold_mutex, Executive,
							KernelMode, FALSE,
							&zero);
}

static int adopt_kthread_fn(void *arg)
{
	struct adopt_kthread *k = arg;
	unsigned long flags;
	PVOID object = NULL;
	KIRQL irql;

	switch (k->first_how) {
	case ADOPT_FIRST_PASSIVE:
		adopt_first_call(k, &object);
		break;
	case ADOPT_FIRST_PREEMPT_OFF:
		preempt_disable();
		adopt_first_call(k, &object);
		preempt_enable();
		break;
	case ADOPT_FIRST_IRQS_OFF:
		local_irq_save(flags);
		adopt_first_call(k, &object);
		local_irq_restore(flags);
		break;
	case ADOPT_FIRST_SPIN_LOCK:
		KeAcquireSpinLock(&k->lock, &irql);
		adopt_first_call(k, &object);
		KeReleaseSpinLock(&k->lock, irql);
		break;
	default:
		KeRaiseIrql(DISPATCH_LEVEL, &irql);
		adopt_first_call(k, &object);
		KeLowerIrql(irql);
		break;
	}
	if (NT_SUCCESS(k->first_ref))
		ObDereferenceObject(object);
	k->self = PsGetCurrentThread();
	preempt_disable();
	k->again = PsGetCurrentThread();
	preempt_enable();
	if (k->self)
		ObOpenObjectByPointer(k->self, 0, NULL, SYNCHRONIZE, NULL,
				      KernelMode, &k->handle);
	KeSetEvent(&k->ready, IO_NO_INCREMENT, FALSE);
	ntt_wait(&k->go);
	return 0;
}

#define ADOPT_KTHREADS	8

/*
 * Several kthreads alive at once: each its own object and TID (from the
 * CID table, none the System process's); each object signalled with
 * STATUS_SUCCESS when its task exits, kept by the handle it opened, and
 * freed, TID included, with that handle.
 */
static void adopt_kthreads_end_with_their_tasks(struct kunit *test)
{
	struct adopt_kthread *k = kunit_kcalloc(test, ADOPT_KTHREADS, sizeof(*k),
						GFP_KERNEL);
	struct task_struct *task[ADOPT_KTHREADS];
	PETHREAD found;
	long adopted;
	int i, j;

	KUNIT_ASSERT_NOT_NULL(test, k);
	KUNIT_ASSERT_NOT_NULL(test, PsGetCurrentThread());
	adopted = ntthread_counter(NT_CTR_THREADS_ADOPTED);
	for (i = 0; i < ADOPT_KTHREADS; i++) {
		KeInitializeEvent(&k[i].go, NotificationEvent, FALSE);
		KeInitializeEvent(&k[i].ready, NotificationEvent, FALSE);
		task[i] = kthread_run(adopt_kthread_fn, &k[i], "ntt_adopt/%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task[i]));
	}
	for (i = 0; i < ADOPT_KTHREADS; i++) {
		KUNIT_ASSERT_EQ(test, ntt_wait(&k[i].ready), STATUS_SUCCESS);
		KUNIT_ASSERT_NOT_NULL(test, k[i].self);
		KUNIT_ASSERT_NOT_NULL(test, k[i].handle);
		KUNIT_EXPECT_PTR_EQ(test, k[i].again, k[i].self);
		KUNIT_EXPECT_TRUE(test, k[i].self->flags & NT_THREAD_ADOPTED);
		KUNIT_EXPECT_PTR_EQ(test, k[i].self->tcb.task, task[i]);
		KUNIT_EXPECT_EQ(test, (unsigned long)PsGetThreadId(k[i].self) % 4, 0UL);
		KUNIT_EXPECT_NE(test, (unsigned long)PsGetThreadId(k[i].self), 4UL);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, (unsigned long)PsGetThreadId(k[i].self),
					(unsigned long)PsGetThreadId(k[j].self));
	}
	/*
	 * The counts are global, and other adopted objects come and go
	 * meanwhile (an earlier case's KUnit thread is freed once it has
	 * exited): only this one, which never falls, is compared.  The
	 * objects checked above are this case's, and their TIDs below.
	 */
	KUNIT_EXPECT_GE(test, ntthread_counter(NT_CTR_THREADS_ADOPTED),
			adopted + ADOPT_KTHREADS);
	for (i = 0; i < ADOPT_KTHREADS; i++)
		KeSetEvent(&k[i].go, IO_NO_INCREMENT, FALSE);
	for (i = 0; i < ADOPT_KTHREADS; i++) {
		HANDLE tid = PsGetThreadId(k[i].self);

		KUNIT_EXPECT_EQ(test, ZwWaitForSingleObject(k[i].handle, FALSE, NULL),
				STATUS_SUCCESS);
		KUNIT_EXPECT_TRUE(test, PsIsThreadTerminating(k[i].self));
		KUNIT_EXPECT_EQ(test, PsGetThreadExitStatus(k[i].self), STATUS_SUCCESS);
		/* The handle holds the object, and its TID, after the task. */
		ntt_expect_refs(test, k[i].self, 1);
		KUNIT_EXPECT_EQ(test, PsLookupThreadByThreadId(tid, &found), STATUS_SUCCESS);
		if (found)
			ObDereferenceObject(found);
		KUNIT_EXPECT_EQ(test, ZwClose(k[i].handle), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, PsLookupThreadByThreadId(tid, &found),
				STATUS_INVALID_CID);
	}
}

static void adopt_first_desc(const enum adopt_first *how, char *desc)
{
	strscpy(desc, adopt_first_names[*how], KUNIT_PARAM_DESC_SIZE);
}

static const enum adopt_first adopt_firsts[] = {
	ADOPT_FIRST_PASSIVE, ADOPT_FIRST_PREEMPT_OFF, ADOPT_FIRST_IRQS_OFF,
	ADOPT_FIRST_SPIN_LOCK, ADOPT_FIRST_RAISED_IRQL,
};

KUNIT_ARRAY_PARAM(adopt_first, adopt_firsts, adopt_first_desc);

/* Run a kthread whose first call is made as @how; NULL if the case failed. */
static struct adopt_kthread *adopt_start(struct kunit *test,
					 enum adopt_first how, KMUTEX *mutex,
					 struct task_struct **task)
{
	struct adopt_kthread *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, k);
	k->first_how = how;
	k->hold_mutex = mutex;
	KeInitializeSpinLock(&k->lock);
	KeInitializeEvent(&k->go, NotificationEvent, FALSE);
	KeInitializeEvent(&k->ready, NotificationEvent, FALSE);
	*task = kthread_run(adopt_kthread_fn, k, "ntt_adopt_first");
	KUNIT_ASSERT_FALSE(test, IS_ERR(*task));
	KUNIT_ASSERT_EQ(test, ntt_wait(&k->ready), STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, k->self);
	KUNIT_ASSERT_NOT_NULL(test, k->handle);
	return k;
}

/*
 * Whatever the IRQL of a task's first call, it gets its object there: at
 * DISPATCH_LEVEL one of the spares made beforehand, with its TID, found
 * by TID and by every later call, ended with the task.
 */
static void adopt_first_call_gets_the_object(struct kunit *test)
{
	const enum adopt_first *how = test->param_value;
	long no_spare = ntthread_counter(NT_CTR_ADOPT_NO_SPARE);
	struct adopt_kthread *k;
	struct task_struct *task;
	PETHREAD found = NULL;

	KUNIT_ASSERT_NOT_NULL(test, PsGetCurrentThread());
	k = adopt_start(test, *how, NULL, &task);
	KUNIT_EXPECT_EQ(test, k->first_irql,
			*how == ADOPT_FIRST_PASSIVE ? PASSIVE_LEVEL : DISPATCH_LEVEL);
	KUNIT_EXPECT_PTR_EQ(test, k->first, k->self);
	KUNIT_EXPECT_PTR_EQ(test, k->again, k->self);
	KUNIT_EXPECT_PTR_EQ(test, k->self->tcb.task, task);
	KUNIT_EXPECT_EQ(test, k->first_ref, STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, k->first_tid, PsGetThreadId(k->self));
	KUNIT_EXPECT_NE(test, (unsigned long)k->first_tid, 0UL);
	KUNIT_EXPECT_EQ(test, PsLookupThreadByThreadId(k->first_tid, &found),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, found, k->self);
	if (found)
		ObDereferenceObject(found);
	KUNIT_EXPECT_EQ(test, ntthread_counter(NT_CTR_ADOPT_NO_SPARE), no_spare);
	KeSetEvent(&k->go, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ZwWaitForSingleObject(k->handle, FALSE, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, PsGetThreadExitStatus(k->self), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(k->handle), STATUS_SUCCESS);
	/* The task's own reference goes at its exit, perhaps from a worker. */
	KUNIT_EXPECT_EQ(test, ntt_until_tid_freed(k->first_tid), STATUS_INVALID_CID);
}

/*
 * A mutex its adopted owner still holds when it exits is abandoned,
 * whatever the IRQL of the wait that made the task its owner.
 */
static void adopt_mutex_abandoned_when_its_task_exits(struct kunit *test)
{
	const enum adopt_first *how = test->param_value;
	struct adopt_kthread *k;
	struct task_struct *task;
	KMUTEX m;

	KeInitializeMutex(&m, 0);
	k = adopt_start(test, *how, &m, &task);
	KUNIT_EXPECT_EQ(test, k->mutex_status, STATUS_WAIT_0);
	KUNIT_EXPECT_PTR_EQ(test, (PVOID)m.OwnerThread, (PVOID)k->self);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)task);
	KeSetEvent(&k->go, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_EQ(test, ZwWaitForSingleObject(k->handle, FALSE, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ntt_wait(&m), STATUS_ABANDONED_WAIT_0);
	KUNIT_EXPECT_PTR_EQ(test, m.OwnerTask, (PVOID)current);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&m, FALSE), 0);
	KUNIT_EXPECT_EQ(test, ZwClose(k->handle), STATUS_SUCCESS);
}

/**
 * struct adopt_irq - what a hard interrupt saw of the task it interrupted
 * @timer: a pinned hard hrtimer
 * @done: set by its callback
 * @interrupted: current in the callback
 * @seen: PsGetCurrentThread() there
 * @tid: PsGetCurrentThreadId() there
 * @hardirq: the callback ran in hard interrupt context
 * @started: completed by the kthread that gets interrupted, if any
 */
struct adopt_irq {
	struct hrtimer timer;
	bool done;
	struct task_struct *interrupted;
	PETHREAD seen;
	HANDLE tid;
	bool hardirq;
	struct completion started;
};

static enum hrtimer_restart adopt_irq_fire(struct hrtimer *timer)
{
	struct adopt_irq *a = container_of(timer, struct adopt_irq, timer);

	a->hardirq = in_hardirq();
	a->interrupted = current;
	a->seen = PsGetCurrentThread();
	a->tid = PsGetCurrentThreadId();
	/* Publishes the fields above to adopt_interrupt_me()'s acquire. */
	smp_store_release(&a->done, true);
	return HRTIMER_NORESTART;
}

/* Spin (preemption off) until a hard interrupt on this CPU has run. */
static void adopt_interrupt_me(struct adopt_irq *a)
{
	int spins = 0;

	nt_hrtimer_setup(&a->timer, adopt_irq_fire, CLOCK_MONOTONIC,
			 HRTIMER_MODE_REL_PINNED_HARD);
	preempt_disable();
	hrtimer_start(&a->timer, ns_to_ktime(NSEC_PER_USEC),
		      HRTIMER_MODE_REL_PINNED_HARD);
	/* About 30 s at most: a hang. */
	while (!smp_load_acquire(&a->done) && ++spins < 30000000)
		udelay(1);
	preempt_enable();
	hrtimer_cancel(&a->timer);
}

static int adopt_irq_kthread(void *arg)
{
	struct adopt_irq *a = arg;

	/* Started: kthread_stop() waits for it now. */
	complete(&a->started);
	adopt_interrupt_me(a);
	return 0;
}

/*
 * In a hard interrupt: the object of the task it interrupted, if that has
 * one, else NULL; never a new one.
 */
static void adopt_hardirq_sees_the_interrupted_task(struct kunit *test)
{
	struct adopt_irq *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	PETHREAD self = PsGetCurrentThread();
	struct task_struct *task;
	long adopted;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, self);
	adopt_interrupt_me(a);
	KUNIT_ASSERT_TRUE(test, a->done);
	KUNIT_EXPECT_TRUE(test, a->hardirq);
	KUNIT_EXPECT_PTR_EQ(test, a->interrupted, current);
	KUNIT_EXPECT_PTR_EQ(test, a->seen, self);
	KUNIT_EXPECT_PTR_EQ(test, a->tid, PsGetThreadId(self));

	/* A kthread that never called in: nothing is made for it. */
	memset(a, 0, sizeof(*a));
	adopted = ntthread_counter(NT_CTR_THREADS_ADOPTED);
	task = kthread_create(adopt_irq_kthread, a, "ntt_adopt_irq");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	get_task_struct(task);
	init_completion(&a->started);
	wake_up_process(task);
	wait_for_completion(&a->started);
	KUNIT_EXPECT_EQ(test, kthread_stop(task), 0);
	KUNIT_EXPECT_TRUE(test, a->done);
	KUNIT_EXPECT_TRUE(test, a->hardirq);
	KUNIT_EXPECT_PTR_EQ(test, a->interrupted, task);
	put_task_struct(task);
	KUNIT_EXPECT_NULL(test, a->seen);
	KUNIT_EXPECT_NULL(test, a->tid);
	KUNIT_EXPECT_EQ(test, ntthread_counter(NT_CTR_THREADS_ADOPTED), adopted);
}

struct adopt_work {
	struct work_struct work;
	PETHREAD seen;
	BOOLEAN system;
	bool adopted;
};

static void adopt_work_fn(struct work_struct *work)
{
	struct adopt_work *w = container_of(work, struct adopt_work, work);

	w->seen = PsGetCurrentThread();
	w->system = PsIsSystemThread(w->seen);
	w->adopted = w->seen && (w->seen->flags & NT_THREAD_ADOPTED);
}

/* A workqueue worker is adopted as a system thread. */
static void adopt_workqueue_worker_is_a_system_thread(struct kunit *test)
{
	struct adopt_work w = { };

	INIT_WORK_ONSTACK(&w.work, adopt_work_fn);
	queue_work(system_unbound_wq, &w.work);
	flush_work(&w.work);
	destroy_work_on_stack(&w.work);
	KUNIT_EXPECT_NOT_NULL(test, w.seen);
	KUNIT_EXPECT_TRUE(test, w.system);
	KUNIT_EXPECT_TRUE(test, w.adopted);
}

#define ADOPT_BUF	65536

/* `current` and `threads` (debugfs) show the reader's adopted object. */
static void adopt_debugfs_shows_adopted_rows(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, ADOPT_BUF, GFP_KERNEL);
	unsigned long tid = (unsigned long)PsGetCurrentThreadId();
	char want[96];
	struct file *f;
	loff_t pos = 0;
	ssize_t n, len = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NE(test, tid, 0UL);
	f = ntt_debugfs_open("current");
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	len = kernel_read(f, buf, ADOPT_BUF - 1, &pos);
	filp_close(f, NULL);
	KUNIT_ASSERT_GT(test, len, 0);
	buf[len] = 0;
	snprintf(want, sizeof(want), "tid %lu pid %d adopted 1 system 1 current_handle 1\n",
		 tid, task_pid_nr(current));
	KUNIT_EXPECT_STREQ(test, buf, want);

	f = ntt_debugfs_open("threads");
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	pos = 0;
	len = 0;
	while ((n = kernel_read(f, buf + len, ADOPT_BUF - 1 - len, &pos)) > 0)
		len += n;
	filp_close(f, NULL);
	buf[len] = 0;
	snprintf(want, sizeof(want), "\n%lu %d running 0x00000103 ", tid,
		 task_pid_nr(current));
	KUNIT_ASSERT_NOT_NULL(test, strstr(buf, want));
	KUNIT_EXPECT_NOT_NULL(test, strnstr(strstr(buf, want), " adopted ", 80));
}

static struct kunit_case adopt_cases[] = {
	KUNIT_CASE(adopt_kunit_thread_has_an_object),
	KUNIT_CASE(adopt_kthreads_end_with_their_tasks),
	KUNIT_CASE_PARAM(adopt_first_call_gets_the_object, adopt_first_gen_params),
	KUNIT_CASE_PARAM(adopt_mutex_abandoned_when_its_task_exits,
			 adopt_first_gen_params),
	KUNIT_CASE(adopt_hardirq_sees_the_interrupted_task),
	KUNIT_CASE(adopt_workqueue_worker_is_a_system_thread),
	KUNIT_CASE(adopt_debugfs_shows_adopted_rows),
	{}
};

static struct kunit_suite adopt_suite = {
	.name = "ntthread_adopt",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = adopt_cases,
};

kunit_test_suite(adopt_suite);
MODULE_DESCRIPTION("KUnit: thread objects of tasks the layer did not create");
MODULE_LICENSE("GPL");
