// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: thread lifecycle - creation, both exit paths, exit status before
 * signal, lifetimes of object, handle and thread, TIDs and lookups,
 * queries in and outside the layer's threads, priorities, and creation
 * from several threads at once.
 */
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/tracepoint.h>

#include "ntthread_kunit.h"

static void thread_create_fills_handle_and_client_id(struct kunit *test)
{
	struct ntt_snapshot before;
	struct ntt_gate gate;
	CLIENT_ID cid = { };
	HANDLE handle;
	PETHREAD thread;

	ntt_snapshot(&before);
	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, &cid);
	thread = ntt_object(test, handle);
	KUNIT_EXPECT_EQ(test, (unsigned long)cid.UniqueProcess, 4UL);
	KUNIT_EXPECT_NE(test, (unsigned long)cid.UniqueThread, 0UL);
	KUNIT_EXPECT_EQ(test, (unsigned long)cid.UniqueThread % 4, 0UL);
	KUNIT_EXPECT_PTR_EQ(test, PsGetThreadId(thread), cid.UniqueThread);
	KUNIT_EXPECT_EQ(test, (unsigned long)PsGetThreadProcessId(thread), 4UL);
	KUNIT_EXPECT_TRUE(test, PsIsSystemThread(thread));
	KUNIT_EXPECT_EQ(test, sizeof(CLIENT_ID), (size_t)16);
	ntt_finish(test, &gate, handle);
	ObDereferenceObject(thread);
	ntt_expect_baseline(test, &before);
}

static VOID thread_count_and_return(PVOID context)
{
	atomic_inc(context);
}

static void thread_returning_routine_exits_with_success(struct kunit *test)
{
	atomic_t ran = ATOMIC_INIT(0);
	HANDLE handle;
	PETHREAD thread;

	KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&handle, THREAD_ALL_ACCESS,
						   NULL, NULL, NULL,
						   thread_count_and_return,
						   &ran), STATUS_SUCCESS);
	thread = ntt_object(test, handle);
	KUNIT_EXPECT_EQ(test, ntt_wait(thread), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&ran), 1);
	KUNIT_EXPECT_EQ(test, PsGetThreadExitStatus(thread), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, PsIsThreadTerminating(thread));
	ObDereferenceObject(thread);
	KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
}

static void thread_terminate_stores_exit_status(struct kunit *test)
{
	struct ntt_gate gate;
	HANDLE handle;
	PETHREAD thread;

	ntt_gate_init(&gate, (NTSTATUS)0xC0DE1234);
	handle = ntt_start(test, &gate, NULL);
	thread = ntt_object(test, handle);
	KUNIT_EXPECT_EQ(test, PsGetThreadExitStatus(thread), STATUS_PENDING);
	KUNIT_EXPECT_FALSE(test, PsIsThreadTerminating(thread));
	ntt_finish(test, &gate, handle);
	KUNIT_EXPECT_EQ(test, PsGetThreadExitStatus(thread), (NTSTATUS)0xC0DE1234);
	/* Signalled for good: a second wait returns at once. */
	KUNIT_EXPECT_EQ(test, ntt_wait(thread), STATUS_SUCCESS);
	ObDereferenceObject(thread);
}

static void thread_terminate_elsewhere_returns_invalid_parameter(struct kunit *test)
{
	/* ...and the caller runs on: a second call returns the same. */
	KUNIT_EXPECT_EQ(test, PsTerminateSystemThread(STATUS_SUCCESS),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, PsTerminateSystemThread(STATUS_UNSUCCESSFUL),
			STATUS_INVALID_PARAMETER);
}

/* Handles and references keep the object after the thread has gone. */
static void thread_handle_outlives_thread(struct kunit *test)
{
	struct ntt_gate gate;
	HANDLE handle;
	PETHREAD thread, found;
	CLIENT_ID cid;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, &cid);
	KeSetEvent(&gate.go, IO_NO_INCREMENT, FALSE);
	KUNIT_ASSERT_EQ(test, ZwWaitForSingleObject(handle, FALSE, NULL),
			STATUS_SUCCESS);
	thread = ntt_object(test, handle);
	KUNIT_EXPECT_TRUE(test, PsIsThreadTerminating(thread));
	/* The TID still finds the terminated thread while it is held. */
	KUNIT_EXPECT_EQ(test, PsLookupThreadByThreadId(cid.UniqueThread, &found),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, found, thread);
	ObDereferenceObject(found);
	KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
	ntt_expect_refs(test, thread, 1);
	ObDereferenceObject(thread);
	/* Last reference gone: the TID goes with the object. */
	KUNIT_EXPECT_EQ(test, PsLookupThreadByThreadId(cid.UniqueThread, &found),
			STATUS_INVALID_CID);
	KUNIT_EXPECT_NULL(test, found);
}

/* The object outlives its handle while the thread runs. */
static void thread_object_outlives_handle(struct kunit *test)
{
	struct ntt_snapshot before;
	struct ntt_gate gate;
	HANDLE handle;

	ntt_snapshot(&before);
	ntt_gate_init(&gate, (NTSTATUS)0x1234);
	handle = ntt_start(test, &gate, NULL);
	KUNIT_ASSERT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
	/* Nothing holds it but the running thread. */
	while (!atomic_read(&gate.started))
		usleep_range(1000, 2000);
	KeSetEvent(&gate.go, IO_NO_INCREMENT, FALSE);
	ntt_expect_baseline(test, &before);
}

struct thread_order {
	KEVENT go;
	NTSTATUS status;
};

static VOID thread_exit_with(PVOID context)
{
	struct thread_order *order = context;

	KeWaitForSingleObject(&order->go, Executive, KernelMode, FALSE, NULL);
	PsTerminateSystemThread(order->status);
}

/*
 * Whoever sees the object signalled sees the exit status: repeated with
 * waiters that are already blocked when the thread ends.
 */
static void thread_exit_status_is_visible_before_signal(struct kunit *test)
{
	struct thread_order order;
	HANDLE handle;
	PETHREAD thread;
	int i;

	for (i = 0; i < 20; i++) {
		KeInitializeEvent(&order.go, NotificationEvent, FALSE);
		order.status = 0x100 + i;
		KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
							   NULL, thread_exit_with, &order),
				STATUS_SUCCESS);
		thread = ntt_object(test, handle);
		KeSetEvent(&order.go, IO_NO_INCREMENT, FALSE);
		KUNIT_EXPECT_EQ(test, ntt_wait(thread), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, PsGetThreadExitStatus(thread), 0x100 + i);
		ObDereferenceObject(thread);
		KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
	}
}

struct thread_inside {
	PETHREAD self_thread;
	HANDLE tid, pid;
	PEPROCESS process;
	KIRQL irql;
	BOOLEAN system;
	char comm[TASK_COMM_LEN];
};

static VOID thread_query_inside(PVOID context)
{
	struct thread_inside *in = context;

	in->self_thread = PsGetCurrentThread();
	in->tid = PsGetCurrentThreadId();
	in->pid = PsGetCurrentProcessId();
	in->process = IoGetCurrentProcess();
	in->irql = KeGetCurrentIrql();
	in->system = PsIsSystemThread(KeGetCurrentThread());
	get_task_comm(in->comm, current);
}

static void thread_queries_inside_a_system_thread(struct kunit *test)
{
	struct thread_inside in = { .irql = 0xff };
	char name[TASK_COMM_LEN];
	HANDLE handle;
	PETHREAD thread;
	CLIENT_ID cid;

	KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&handle, THREAD_ALL_ACCESS,
						   NULL, NULL, &cid,
						   thread_query_inside, &in),
			STATUS_SUCCESS);
	thread = ntt_object(test, handle);
	KUNIT_ASSERT_EQ(test, ntt_wait(thread), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, in.self_thread, thread);
	KUNIT_EXPECT_PTR_EQ(test, in.tid, cid.UniqueThread);
	KUNIT_EXPECT_EQ(test, (unsigned long)in.pid, 4UL);
	KUNIT_EXPECT_PTR_EQ(test, in.process, PsInitialSystemProcess);
	KUNIT_EXPECT_EQ(test, in.irql, (KIRQL)PASSIVE_LEVEL);
	KUNIT_EXPECT_TRUE(test, in.system);
	/* The kthread is named after the start routine and the TID. */
	snprintf(name, sizeof(name), "/%lu", (unsigned long)cid.UniqueThread);
	KUNIT_EXPECT_EQ(test, strncmp(in.comm, "thread_query_inside",
				      TASK_COMM_LEN - 1 - strlen(name)), 0);
	KUNIT_EXPECT_STREQ(test, in.comm + TASK_COMM_LEN - 1 - strlen(name), name);
	ObDereferenceObject(thread);
	KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
}

/* A routine kallsyms cannot name gives "nt/<tid>", never its address. */
static void thread_name_never_shows_an_address(struct kunit *test)
{
	char name[TASK_COMM_LEN];
	void *data = kunit_kzalloc(test, 16, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, data);
	ntthread_thread_name(name, (HANDLE)4100, (PKSTART_ROUTINE)data);
	KUNIT_EXPECT_STREQ(test, name, "nt/4100");
	ntthread_thread_name(name, (HANDLE)8, thread_query_inside);
	KUNIT_EXPECT_STREQ(test, name, "thread_query_/8");
	ntthread_thread_name(name, (HANDLE)0x3fffffc, thread_query_inside);
	KUNIT_EXPECT_STREQ(test, name, "thread/67108860");
}

/* What a probe on sched_process_exit saw in an exiting layer thread. */
static struct {
	struct task_struct *task;
	PETHREAD seen;
	bool called;
} thread_exit_probe;

static void thread_exit_probe_fn(void *data, NT_SCHED_PROCESS_EXIT_ARGS)
{
	if (p != READ_ONCE(thread_exit_probe.task))
		return;
	thread_exit_probe.seen = PsGetCurrentThread();
	/* Publishes .seen to the test's smp_load_acquire() of .called. */
	smp_store_release(&thread_exit_probe.called, true);
}

static void thread_find_exit_tracepoint(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sched_process_exit"))
		*(struct tracepoint **)priv = tp;
}

static VOID thread_note_task(PVOID context)
{
	WRITE_ONCE(thread_exit_probe.task, current);
}

/*
 * In do_exit() the thread's own reference may be gone: PsGetCurrentThread()
 * there (a probe on sched_process_exit runs in the exiting task) returns
 * NULL, never an object that may be freed.
 */
static void thread_current_is_null_once_in_do_exit(struct kunit *test)
{
	struct tracepoint *tp = NULL;
	HANDLE handle;
	int tries;

	for_each_kernel_tracepoint(thread_find_exit_tracepoint, &tp);
	KUNIT_ASSERT_NOT_NULL(test, tp);
	memset(&thread_exit_probe, 0, sizeof(thread_exit_probe));
	KUNIT_ASSERT_EQ(test, tracepoint_probe_register(tp, thread_exit_probe_fn, NULL), 0);
	KUNIT_EXPECT_EQ(test, PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
						   NULL, thread_note_task, NULL),
			STATUS_SUCCESS);
	for (tries = 0; tries < 3000; tries++) {	/* 30 s: a hang */
		if (smp_load_acquire(&thread_exit_probe.called))
			break;
		usleep_range(10000, 11000);
	}
	tracepoint_probe_unregister(tp, thread_exit_probe_fn, NULL);
	tracepoint_synchronize_unregister();
	KUNIT_EXPECT_TRUE(test, thread_exit_probe.called);
	KUNIT_EXPECT_NULL(test, thread_exit_probe.seen);
	KUNIT_EXPECT_EQ(test, ZwClose(handle), STATUS_SUCCESS);
}

/* The KUnit thread is adopted (ntthread_adopt has the details). */
static void thread_queries_outside_the_layer(struct kunit *test)
{
	PETHREAD self = PsGetCurrentThread();
	KIRQL irql;

	KUNIT_ASSERT_NOT_NULL(test, self);
	KUNIT_EXPECT_PTR_EQ(test, (PVOID)KeGetCurrentThread(), (PVOID)self);
	KUNIT_EXPECT_PTR_EQ(test, PsGetCurrentThreadId(), PsGetThreadId(self));
	KUNIT_EXPECT_EQ(test, (unsigned long)PsGetCurrentProcessId(), 4UL);
	KUNIT_EXPECT_PTR_EQ(test, PsGetCurrentProcess(), PsInitialSystemProcess);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), (KIRQL)PASSIVE_LEVEL);
	preempt_disable();
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), (KIRQL)DISPATCH_LEVEL);
	preempt_enable();
	local_irq_disable();
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), (KIRQL)DISPATCH_LEVEL);
	local_irq_enable();
	/* Preemptible RCU readers may not sleep either. */
	rcu_read_lock();
	irql = KeGetCurrentIrql();
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, irql, (KIRQL)DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), (KIRQL)PASSIVE_LEVEL);
}

static void thread_priority_set_returns_old_value(struct kunit *test)
{
	struct ntt_gate gate;
	HANDLE handle;
	PETHREAD thread;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	thread = ntt_object(test, handle);
	KUNIT_EXPECT_EQ(test, KeQueryPriorityThread(thread), 8);
	KUNIT_EXPECT_EQ(test, KeSetPriorityThread(thread, 12), 8);
	KUNIT_EXPECT_EQ(test, KeQueryPriorityThread(thread), 12);
	KUNIT_EXPECT_EQ(test, task_nice(thread->tcb.task), -10);
	KUNIT_EXPECT_EQ(test, KeSetPriorityThread(thread, 1), 12);
	KUNIT_EXPECT_EQ(test, task_nice(thread->tcb.task), 19);
	KUNIT_EXPECT_EQ(test, KeSetPriorityThread(thread, LOW_REALTIME_PRIORITY), 1);
	KUNIT_EXPECT_EQ(test, thread->tcb.task->policy, (unsigned int)SCHED_FIFO);
	KUNIT_EXPECT_EQ(test, KeSetPriorityThread(thread, 8), 16);
	KUNIT_EXPECT_EQ(test, thread->tcb.task->policy, (unsigned int)SCHED_NORMAL);
	KUNIT_EXPECT_EQ(test, task_nice(thread->tcb.task), 0);
	/* Out of range: nothing changes. */
	KUNIT_EXPECT_EQ(test, KeSetPriorityThread(thread, 0), 8);
	KUNIT_EXPECT_EQ(test, KeSetPriorityThread(thread, 32), 8);
	KUNIT_EXPECT_EQ(test, KeQueryPriorityThread(thread), 8);
	ntt_finish(test, &gate, handle);
	/* A terminated thread keeps its priority value. */
	KUNIT_EXPECT_EQ(test, KeSetPriorityThread(thread, 9), 8);
	ObDereferenceObject(thread);
}

/* KeSetPriorityThread()'s mapping of NT priorities 1..15 to nice (README). */
static const s8 thread_nice_of[LOW_REALTIME_PRIORITY] = {
	19, 19, 16, 13, 10, 7, 5, 2, 0, -2, -5, -7, -10, -13, -16, -20
};

static bool thread_policy_matches(struct task_struct *task, KPRIORITY priority)
{
	if (priority >= LOW_REALTIME_PRIORITY)
		return task->policy == SCHED_FIFO &&
		       task->rt_priority == (priority >= 24 ? MAX_RT_PRIO / 2 : 1);
	return task->policy == SCHED_NORMAL &&
	       task_nice(task) == thread_nice_of[priority];
}

struct thread_setters {
	PETHREAD target;
	bool stop;
};

static int thread_priority_setter(void *arg)
{
	struct thread_setters *s = arg;

	while (!READ_ONCE(s->stop)) {
		KeSetPriorityThread(s->target, 1 + get_random_u32() % HIGH_PRIORITY);
		cond_resched();
	}
	while (!kthread_should_stop())
		schedule_timeout_idle(1);
	return 0;
}

#define THREAD_SETTERS		4
#define THREAD_SETTER_ROUNDS	50

/*
 * Setters racing on one thread: once they stop, the priority stored is
 * the one the task runs with.  Each round stops them all at once, at a
 * random moment, so that their last calls overlap.
 */
static void thread_priority_concurrent_setters_agree(struct kunit *test)
{
	struct task_struct *setters[THREAD_SETTERS];
	int round, i, started, mismatches = 0;
	struct thread_setters s = { };
	struct ntt_gate gate;
	PETHREAD thread;
	HANDLE handle;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, NULL);
	thread = ntt_object(test, handle);
	s.target = thread;
	for (round = 0; round < THREAD_SETTER_ROUNDS; round++) {
		WRITE_ONCE(s.stop, false);
		for (started = 0; started < THREAD_SETTERS; started++) {
			setters[started] = kthread_run(thread_priority_setter, &s,
						       "ntt_setter/%d", started);
			if (IS_ERR(setters[started]))
				break;
		}
		usleep_range(1000, 3000);
		WRITE_ONCE(s.stop, true);
		for (i = 0; i < started; i++)
			kthread_stop(setters[i]);
		KUNIT_EXPECT_EQ(test, started, THREAD_SETTERS);
		if (!thread_policy_matches(thread->tcb.task, KeQueryPriorityThread(thread)))
			mismatches++;
	}
	KUNIT_EXPECT_EQ(test, mismatches, 0);
	KeSetPriorityThread(thread, 8);
	ntt_finish(test, &gate, handle);
	ObDereferenceObject(thread);
}

/* Concurrency: creators on several kthreads at once (kcsan_test style). */
static const int thread_creator_counts[] = { 1, 2, 4, 8 };

static void thread_creators_desc(const int *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%d creators", *n);
}

KUNIT_ARRAY_PARAM(thread_creators, thread_creator_counts, thread_creators_desc);

#define THREAD_PER_CREATOR	16

struct thread_creator {
	struct task_struct *task;
	atomic_t *ran;
	int failures;
};

static int thread_creator_main(void *arg)
{
	struct thread_creator *c = arg;
	HANDLE handles[THREAD_PER_CREATOR];
	NTSTATUS status;
	int i;

	for (i = 0; i < THREAD_PER_CREATOR; i++) {
		status = PsCreateSystemThread(&handles[i], THREAD_ALL_ACCESS,
					      NULL, NULL, NULL,
					      thread_count_and_return, c->ran);
		if (!NT_SUCCESS(status))
			c->failures++;
	}
	/* Close in a shuffled order, some before the threads end. */
	for (i = 0; i < THREAD_PER_CREATOR; i++) {
		int j = get_random_u32() % THREAD_PER_CREATOR;
		HANDLE h = handles[i];

		handles[i] = handles[j];
		handles[j] = h;
	}
	for (i = 0; i < THREAD_PER_CREATOR; i++) {
		if (i % 2 && ZwWaitForSingleObject(handles[i], FALSE, NULL))
			c->failures++;
		if (ZwClose(handles[i]))
			c->failures++;
	}
	while (!kthread_should_stop())
		schedule_timeout_idle(1);
	return 0;
}

static void thread_concurrent_create_and_close(struct kunit *test)
{
	const int *n = test->param_value;
	struct ntt_snapshot before;
	struct thread_creator *creators;
	atomic_t ran = ATOMIC_INIT(0);
	int i, failures = 0;

	creators = kunit_kcalloc(test, *n, sizeof(*creators), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, creators);
	ntt_snapshot(&before);
	for (i = 0; i < *n; i++) {
		creators[i].ran = &ran;
		creators[i].task = kthread_run(thread_creator_main,
					       &creators[i], "ntt_creator/%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(creators[i].task));
	}
	/* Every thread must have run once the handles are all closed. */
	for (i = 0; i < 3000 && atomic_read(&ran) < *n * THREAD_PER_CREATOR; i++)
		usleep_range(10000, 20000);
	for (i = 0; i < *n; i++) {
		kthread_stop(creators[i].task);
		failures += creators[i].failures;
	}
	KUNIT_EXPECT_EQ(test, failures, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ran), *n * THREAD_PER_CREATOR);
	ntt_expect_baseline(test, &before);
}

/* Run a thread to its end and free its object: its TID is free again. */
static HANDLE thread_tid_of_one_gone(struct kunit *test)
{
	struct ntt_gate gate;
	PETHREAD thread;
	CLIENT_ID cid;
	HANDLE handle;

	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, &cid);
	thread = ntt_object(test, handle);
	ntt_finish(test, &gate, handle);
	ntt_expect_refs(test, thread, 1);
	ObDereferenceObject(thread);
	return cid.UniqueThread;
}

/*
 * TIDs come back oldest-freed first (WRK's strict FIFO CID table): the TID
 * of the thread that just went is not the next thread's.
 */
static void thread_tid_not_reused_at_once(struct kunit *test)
{
	struct ntt_gate gate;
	CLIENT_ID cid;
	HANDLE handle, last;

	thread_tid_of_one_gone(test);
	last = thread_tid_of_one_gone(test);
	ntt_gate_init(&gate, STATUS_SUCCESS);
	handle = ntt_start(test, &gate, &cid);
	KUNIT_EXPECT_PTR_NE(test, cid.UniqueThread, last);
	ntt_finish(test, &gate, handle);
}

static struct kunit_case thread_cases[] = {
	KUNIT_CASE(thread_create_fills_handle_and_client_id),
	KUNIT_CASE(thread_returning_routine_exits_with_success),
	KUNIT_CASE(thread_terminate_stores_exit_status),
	KUNIT_CASE(thread_terminate_elsewhere_returns_invalid_parameter),
	KUNIT_CASE(thread_handle_outlives_thread),
	KUNIT_CASE(thread_object_outlives_handle),
	KUNIT_CASE(thread_exit_status_is_visible_before_signal),
	KUNIT_CASE(thread_queries_inside_a_system_thread),
	KUNIT_CASE(thread_name_never_shows_an_address),
	KUNIT_CASE(thread_current_is_null_once_in_do_exit),
	KUNIT_CASE(thread_queries_outside_the_layer),
	KUNIT_CASE(thread_priority_set_returns_old_value),
	KUNIT_CASE(thread_priority_concurrent_setters_agree),
	KUNIT_CASE_PARAM(thread_concurrent_create_and_close,
			 thread_creators_gen_params),
	KUNIT_CASE(thread_tid_not_reused_at_once),
	{}
};

static struct kunit_suite thread_suite = {
	.name = "ntthread_thread",
	.init = ntt_case_init,
	.exit = ntt_case_exit,
	.test_cases = thread_cases,
};

kunit_test_suite(thread_suite);
MODULE_DESCRIPTION("KUnit tests for ntthread's system threads");
MODULE_LICENSE("GPL");
