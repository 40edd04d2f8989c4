// SPDX-License-Identifier: GPL-2.0
/*
 * ntthread_bench: the layer's cost, measured side by side in one guest
 * against what a Linux driver would write instead (docs/benchmarks.md).
 *
 *   memory    bytes per thread: the layer's own (object, handle and CID
 *             entries, table pages) and the total with Linux's task and
 *             stack; also MemAvailable's drop per parked thread, both sides
 *   cycle     PsCreateSystemThread, routine returns, ObReferenceObjectByHandle
 *             + KeWaitForSingleObject, ZwClose; against kthread_run, routine
 *             completes a completion, wait_for_completion
 *   parallel  the same from a creator bound to every online CPU at once
 *   handle    ObReferenceObjectByHandle + ObDereferenceObject, against
 *             xa_load under RCU + refcount_inc_not_zero/refcount_dec_and_test
 *             on an xarray holding the same objects under the same indices;
 *             on one CPU and on every CPU at once, for several table sizes
 *   limit     parked threads until creation fails, available memory falls
 *             to a reserve, or a cap; then everything is released and the
 *             layer's counters must be back at their baseline
 *   event_pingpong  two threads ping-pong through two synchronization
 *             KEVENTs (KeSetEvent, KeWaitForSingleObject); against two
 *             kthreads through two completions
 *   semaphore_pc  k producers and k consumers on one KSEMAPHORE
 *             (KeReleaseSemaphore by 1, KeWaitForSingleObject); against
 *             struct semaphore's up() and down(); k = 1, 2, 4
 *   wake      1000 threads waiting on one notification KEVENT, from
 *             KeSetEvent to the last of them running; against kthreads in
 *             wait_event() and wake_up_all()
 *   pool      ExAllocatePoolWithTag + ExFreePoolWithTag (non-paged, with
 *             the per-tag accounting), against kmalloc + kfree, of 64 B,
 *             1 KiB and 64 KiB, on one CPU and on every CPU at once; the
 *             bytes each allocation costs beyond kmalloc's; and what the
 *             pool's tracepoint costs disabled and enabled, beside one
 *             64-byte allocation and free
 *
 * Everything runs from module init, which returns 0 once all that it
 * created is released.  Results are "ntbench: " lines of key=value pairs,
 * raw figures per round; tools/bench/report.py takes the medians, ratios
 * and verdicts on the host.  Each metric interleaves the two sides finely
 * (per cycle, per chunk), alternating which one goes first.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/gcd.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/semaphore.h>
#include <linux/slab.h>
#include <linux/timex.h>
#include <linux/trace_events.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "compat.h"
#include "pool.h"
#include "ps.h"

MODULE_IMPORT_NS(NT_NS_INTERNAL);

/* Bytes of one handle-table page (handle.c: NT_HT_PAGE_BYTES). */
#define BENCH_HT_PAGE_BYTES	4096U

static bool smoke;
module_param(smoke, bool, 0444);
MODULE_PARM_DESC(smoke, "tiny run of every metric (for make check)");
static char *metrics = "memory+cycle+parallel+handle+limit+event_pingpong+semaphore_pc+wake+pool";
module_param(metrics, charp, 0444);
MODULE_PARM_DESC(metrics, "which metrics to run, separated by '+' (a name given contains the metric's)");
static int rounds = 9;
module_param(rounds, int, 0444);
MODULE_PARM_DESC(rounds, "rounds per metric (median taken on the host)");
static int cycle_ops = 200;
module_param(cycle_ops, int, 0444);
MODULE_PARM_DESC(cycle_ops, "thread cycles per side and round (interleaved)");
static int par_per_cpu = 4;
module_param(par_per_cpu, int, 0444);
MODULE_PARM_DESC(par_per_cpu, "threads each CPU's creator creates per chunk");
static int par_chunks = 12;
module_param(par_chunks, int, 0444);
MODULE_PARM_DESC(par_chunks, "chunks per side and round (interleaved)");
static int ref_sizes[8] = { 16, 4096, 1048576 };
static int nr_ref_sizes = 3;
module_param_array(ref_sizes, int, &nr_ref_sizes, 0444);
MODULE_PARM_DESC(ref_sizes, "numbers of open handles for the handle metric");
static int ref_ops = 50000;
module_param(ref_ops, int, 0444);
MODULE_PARM_DESC(ref_ops, "references per CPU and chunk");
static int ref_chunks = 4;
module_param(ref_chunks, int, 0444);
MODULE_PARM_DESC(ref_chunks, "chunks per side, walk and round (interleaved)");
static int ref_objects = 64;
module_param(ref_objects, int, 0444);
MODULE_PARM_DESC(ref_objects, "thread objects the handles are spread over");
static int mem_threads = 1024;
module_param(mem_threads, int, 0444);
MODULE_PARM_DESC(mem_threads, "parked threads for the memory metric");
static int mem_rounds = 3;
module_param(mem_rounds, int, 0444);
MODULE_PARM_DESC(mem_rounds, "rounds of the memory metric");
static int limit_cap = 50000;
module_param(limit_cap, int, 0444);
MODULE_PARM_DESC(limit_cap, "most threads the limit metric creates per side");
static int limit_reserve_mb = 48;
module_param(limit_reserve_mb, int, 0444);
MODULE_PARM_DESC(limit_reserve_mb, "stop creating when MemAvailable falls below this (no OOM)");
static int limit_rounds = 2;
module_param(limit_rounds, int, 0444);
MODULE_PARM_DESC(limit_rounds, "rounds of the limit metric");
static int pp_ops = 250;
module_param(pp_ops, int, 0444);
MODULE_PARM_DESC(pp_ops, "event ping-pong round trips per chunk");
static int pp_chunks = 8;
module_param(pp_chunks, int, 0444);
MODULE_PARM_DESC(pp_chunks, "ping-pong chunks per side and round (interleaved)");
static int sem_sizes[8] = { 1, 2, 4 };
static int nr_sem_sizes = 3;
module_param_array(sem_sizes, int, &nr_sem_sizes, 0444);
MODULE_PARM_DESC(sem_sizes, "producers (and as many consumers) per semaphore_pc size");
static int sem_ops = 1000;
module_param(sem_ops, int, 0444);
MODULE_PARM_DESC(sem_ops, "counts each producer releases per chunk");
static int sem_chunks = 4;
module_param(sem_chunks, int, 0444);
MODULE_PARM_DESC(sem_chunks, "semaphore chunks per side, size and round (interleaved)");
static int wake_waiters = 1000;
module_param(wake_waiters, int, 0444);
MODULE_PARM_DESC(wake_waiters, "threads per side waiting on the one event or queue");
static int wake_trials = 2;
module_param(wake_trials, int, 0444);
MODULE_PARM_DESC(wake_trials, "wake-ups per side and round (interleaved)");

static int pool_sizes[8] = { 64, 1024, 65536 };
static int nr_pool_sizes = 3;
module_param_array(pool_sizes, int, &nr_pool_sizes, 0444);
MODULE_PARM_DESC(pool_sizes, "pool: allocation sizes (64,1024,65536)");

static int pool_ops = 20000;
module_param(pool_ops, int, 0444);
MODULE_PARM_DESC(pool_ops, "pool: allocations and frees per worker and chunk (20000)");

static int pool_chunks = 4;
module_param(pool_chunks, int, 0444);
MODULE_PARM_DESC(pool_chunks, "pool: chunks per side and round (4)");

static int bench_errors;

#define bench_info(fmt, ...) pr_info("ntbench: " fmt "\n", ##__VA_ARGS__)

static void bench_error(const char *metric, const char *what, long code)
{
	bench_errors++;
	bench_info("ERROR metric=%s what=%s code=%ld", metric, what, code);
}

static bool bench_wanted(const char *metric)
{
	return metrics && strstr(metrics, metric);
}

/* Is @side (0: first, 1: second) of pair @pair the layer's?  Alternates. */
static bool nt_first(int pair, int side)
{
	return (side ^ (pair & 1)) == 0;
}

/*
 * The clock.  The test guests run on refined-jiffies (TCG, no ACPI: the
 * TSC is never calibrated), a 4 ms resolution; so intervals are read from
 * the TSC, which QEMU derives from the host's, and turned into ns with a
 * frequency measured against jiffies at load.  Ratios only need the ticks.
 */
static u64 bench_tsc_khz;	/* 0: no TSC, ktime_get_ns() instead */

static u64 bench_clock(void)
{
	return bench_tsc_khz ? get_cycles() : ktime_get_ns();
}

static u64 bench_ns(u64 ticks)
{
	return bench_tsc_khz ? div64_u64(ticks * 1000000ULL, bench_tsc_khz)
			     : ticks;
}

static void bench_calibrate(unsigned int ms)
{
	unsigned long j0, span = msecs_to_jiffies(ms);
	u64 c0, c1;

	if (!get_cycles())
		return;
	j0 = jiffies;
	while (!time_after(jiffies, j0))
		cpu_relax();
	c0 = get_cycles();
	j0 = jiffies;
	msleep(jiffies_to_msecs(span) * 9 / 10);
	while (time_before(jiffies, j0 + span))
		cpu_relax();
	c1 = get_cycles();
	bench_tsc_khz = div64_u64(c1 - c0, jiffies_to_msecs(span));
}

/*
 * Let RCU callbacks (freed objects, tasks and stacks) run and give back
 * the lazily freed vmalloc areas of the stacks (with their KASAN shadow),
 * so that each side starts from the same available memory.
 */
static void bench_settle(void)
{
	rcu_barrier();
	vm_unmap_aliases();
	msleep(20);
}

/*
 * After many threads were released: they end and are reaped on their own
 * time, so wait (up to 30 s) until available memory stops growing.
 */
static void bench_settle_memory(void)
{
	unsigned long deadline = jiffies + 30 * HZ;
	long before, after = si_mem_available();

	do {
		before = after;
		msleep(200);
		bench_settle();
		after = si_mem_available();
	} while (after - before > 256 && time_before(jiffies, deadline));
}

/* ---- The threads both sides create ---------------------------------- */

static atomic_long_t bench_work;	/* the "same work" of every routine */

static VOID nt_quick(PVOID context)
{
	atomic_long_inc(&bench_work);
}

struct raw_quick {
	struct completion done;
};

static int raw_quick(void *arg)
{
	struct raw_quick *quick = arg;

	atomic_long_inc(&bench_work);
	/* complete() and return, without running module code afterwards */
	kthread_complete_and_exit(&quick->done, 0);
}

/*
 * Wait for a thread through its handle and close the handle: NT's idiom.
 * If @close_ticks is not NULL, the time ZwClose took is added to it.
 */
static NTSTATUS nt_join(HANDLE handle, u64 *close_ticks)
{
	NTSTATUS status;
	PVOID thread;
	u64 t0;

	status = ObReferenceObjectByHandle(handle, SYNCHRONIZE, *PsThreadType,
					   KernelMode, &thread, NULL);
	if (NT_SUCCESS(status)) {
		status = KeWaitForSingleObject(thread, Executive, KernelMode,
					       FALSE, NULL);
		ObDereferenceObject(thread);
	}
	t0 = close_ticks ? bench_clock() : 0;
	ZwClose(handle);
	if (close_ticks)
		*close_ticks += bench_clock() - t0;
	return status;
}

/* Parked threads: they wait until released, in TASK_IDLE on both sides. */
static KEVENT park_gate;
static atomic_t parked;

static VOID nt_parked(PVOID context)
{
	atomic_inc(&parked);
	KeWaitForSingleObject(&park_gate, Executive, KernelMode, FALSE, NULL);
}

static int raw_parked(void *arg)
{
	atomic_inc(&parked);
	for (;;) {
		set_current_state(TASK_IDLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/**
 * struct park_set - parked threads of one side
 * @nt: the layer's threads (else raw kthreads)
 * @n: threads created
 * @handles: the layer's handles
 * @tasks: the raw kthreads
 * @stop: why creation stopped: "cap", "floor" or "error"
 * @status: the failing NTSTATUS or -errno
 */
struct park_set {
	bool nt;
	int n;
	HANDLE *handles;
	struct task_struct **tasks;
	const char *stop;
	long status;
};

/* Room for @n threads of either side; false (reported) on failure. */
static bool park_set_alloc(struct park_set *p, int n, const char *metric)
{
	p->handles = kvcalloc(n, sizeof(*p->handles), GFP_KERNEL);
	p->tasks = kvcalloc(n, sizeof(*p->tasks), GFP_KERNEL);
	if (p->handles && p->tasks)
		return true;
	bench_error(metric, "alloc", -ENOMEM);
	return false;
}

static void park_set_free(struct park_set *p)
{
	kvfree(p->handles);
	kvfree(p->tasks);
}

/* Create up to @max parked threads; stop below @floor available pages. */
static void park(struct park_set *p, int max, long floor)
{
	struct task_struct *task;
	NTSTATUS status;

	KeClearEvent(&park_gate);
	atomic_set(&parked, 0);
	p->stop = "cap";
	p->status = 0;
	for (p->n = 0; p->n < max; p->n++) {
		if (floor && si_mem_available() < floor) {
			p->stop = "floor";
			break;
		}
		if (p->nt) {
			status = PsCreateSystemThread(&p->handles[p->n],
						      THREAD_ALL_ACCESS, NULL,
						      NULL, NULL, nt_parked,
						      NULL);
			if (!NT_SUCCESS(status)) {
				p->stop = "error";
				p->status = status;
				break;
			}
		} else {
			task = kthread_run(raw_parked, NULL, "ntbench_park");
			if (IS_ERR(task)) {
				p->stop = "error";
				p->status = PTR_ERR(task);
				break;
			}
			p->tasks[p->n] = task;
		}
		if (p->n % 64 == 63)
			cond_resched();
	}
}

static void unpark(struct park_set *p)
{
	int i;

	if (p->nt)
		KeSetEvent(&park_gate, 0, FALSE);
	for (i = 0; i < p->n; i++) {
		if (p->nt)
			nt_join(p->handles[i], NULL);
		else
			kthread_stop(p->tasks[i]);
	}
	p->n = 0;
}

/* Wait until @n parked threads have run; false after 60 s. */
static bool wait_parked(int n)
{
	unsigned long deadline = jiffies + 60 * HZ;

	while (atomic_read(&parked) < n) {
		if (time_after(jiffies, deadline))
			return false;
		usleep_range(1000, 2000);
	}
	return true;
}

/* ---- Workers: one bound kthread per CPU, released at once ------------ */

struct bench_group;

struct bench_worker {
	struct bench_group *group;
	struct task_struct *task;
	struct completion done;
	int index;
	u64 start, end;
	u64 phase[3];
	long err;
	void *buf;
};

struct bench_group {
	long (*fn)(struct bench_worker *worker);
	void *ctx;
	int nr;
	atomic_t ready;
	bool go, abort;
	wait_queue_head_t wq;
	struct bench_worker *workers;
};

static int worker_main(void *arg)
{
	struct bench_worker *w = arg;
	struct bench_group *g = w->group;

	atomic_inc(&g->ready);
	wake_up_all(&g->wq);
	wait_event_idle(g->wq, READ_ONCE(g->go));
	w->start = bench_clock();
	if (!READ_ONCE(g->abort))
		w->err = g->fn(w);
	w->end = bench_clock();
	kthread_complete_and_exit(&w->done, 0);
}

static struct bench_group *group_alloc(int nr, size_t buf_bytes)
{
	struct bench_group *g;
	int i;

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return NULL;
	g->workers = kcalloc(nr, sizeof(*g->workers), GFP_KERNEL);
	if (!g->workers)
		goto err;
	g->nr = nr;
	init_waitqueue_head(&g->wq);
	for (i = 0; buf_bytes && i < nr; i++) {
		g->workers[i].buf = kvzalloc(buf_bytes, GFP_KERNEL);
		if (!g->workers[i].buf)
			goto err;
	}
	return g;
err:
	if (g->workers)
		for (i = 0; i < nr; i++)
			kvfree(g->workers[i].buf);
	kfree(g->workers);
	kfree(g);
	return NULL;
}

static void group_free(struct bench_group *g)
{
	int i;

	if (!g)
		return;
	for (i = 0; i < g->nr; i++)
		kvfree(g->workers[i].buf);
	kfree(g->workers);
	kfree(g);
}

/*
 * Run @fn on the first @nr online CPUs at once.  Returns the wall time
 * from the first worker's start to the last worker's end, and in *@mean
 * the workers' mean own time; 0 on failure (reported).
 */
static u64 group_run(struct bench_group *g, int nr,
		     long (*fn)(struct bench_worker *), const char *metric,
		     u64 *mean)
{
	u64 first = U64_MAX, last = 0, sum = 0;
	int i = 0, cpu, started;
	long err = 0;

	g->fn = fn;
	atomic_set(&g->ready, 0);
	g->go = false;
	g->abort = false;
	for_each_online_cpu(cpu) {
		struct bench_worker *w = &g->workers[i];

		if (i == nr)
			break;
		w->group = g;
		w->index = i;
		w->err = 0;
		memset(w->phase, 0, sizeof(w->phase));
		init_completion(&w->done);
		w->task = kthread_create(worker_main, w, "ntbench_w%d", cpu);
		if (IS_ERR(w->task)) {
			bench_error(metric, "worker", PTR_ERR(w->task));
			g->abort = true;
			break;
		}
		kthread_bind(w->task, cpu);
		wake_up_process(w->task);
		i++;
	}
	started = i;
	wait_event(g->wq, atomic_read(&g->ready) == started);
	WRITE_ONCE(g->go, true);
	wake_up_all(&g->wq);
	for (i = 0; i < started; i++) {
		struct bench_worker *w = &g->workers[i];

		wait_for_completion(&w->done);
		first = min(first, w->start);
		last = max(last, w->end);
		sum += w->end - w->start;
		if (w->err && !err)
			err = w->err;
	}
	if (err)
		bench_error(metric, "worker_fn", err);
	if (g->abort || err)
		return 0;
	if (mean)
		*mean = bench_ns(sum / started);
	return bench_ns(last - first);
}

/* ---- 4. Memory -------------------------------------------------------- */

static void memory_figures(struct park_set *p)
{
	struct nt_handle_table *ht = ntthread_handle_table(false);
	struct nt_handle_table *cid = ntthread_handle_table(true);
	size_t task_bytes = 0;
	NTSTATUS status;
	PVOID object;

	status = ObReferenceObjectByHandle(p->handles[0], 0, *PsThreadType,
					   KernelMode, &object, NULL);
	if (!NT_SUCCESS(status)) {
		bench_error("memory", "reference", status);
		return;
	}
	task_bytes = ksize(((struct nt_thread *)object)->tcb.task);
	ObDereferenceObject(object);

	bench_info("MEM threads=%d object_bytes=%u entry_bytes=%zu page_bytes=%u handle_pages=%lu handle_entries=%u cid_pages=%lu cid_entries=%u stack_bytes=%lu guard_bytes=%lu task_bytes=%zu task_struct_sizeof=%zu",
		   p->n, kmem_cache_size((*PsThreadType)->cache),
		   sizeof(struct nt_handle_entry), BENCH_HT_PAGE_BYTES,
		   READ_ONCE(ht->pages[0]) + READ_ONCE(ht->pages[1]) +
		   READ_ONCE(ht->pages[2]), READ_ONCE(ht->count),
		   READ_ONCE(cid->pages[0]) + READ_ONCE(cid->pages[1]) +
		   READ_ONCE(cid->pages[2]), READ_ONCE(cid->count),
		   (unsigned long)THREAD_SIZE,
		   IS_ENABLED(CONFIG_VMAP_STACK) ? PAGE_SIZE : 0UL,
		   task_bytes, sizeof(struct task_struct));
}

static void bench_memory(void)
{
	struct park_set p = { };
	int n = mem_threads, round, side;
	long before, after;

	if (!park_set_alloc(&p, n, "memory"))
		goto out;
	/*
	 * Warm up: the first threads grow the slab caches, which later
	 * threads of either side reuse.
	 */
	park(&p, n, 0);
	unpark(&p);
	for (round = 0; round < mem_rounds; round++) {
		for (side = 0; side < 2; side++) {
			p.nt = nt_first(round, side);
			bench_settle();
			before = si_mem_available();
			park(&p, n, 0);
			if (p.n < n) {
				bench_error("memory", p.nt ? "create_nt" : "create_raw",
					    p.status);
				unpark(&p);
				goto out;
			}
			if (!wait_parked(n))
				bench_error("memory", "parked", atomic_read(&parked));
			after = si_mem_available();
			if (p.nt && round == 0)
				memory_figures(&p);
			unpark(&p);
			bench_info("MEMROUND round=%d side=%s threads=%d avail_drop_bytes=%ld",
				   round, p.nt ? "nt" : "raw", n,
				   (before - after) * (long)PAGE_SIZE);
		}
	}
out:
	park_set_free(&p);
}

/* ---- 1. Thread cycle --------------------------------------------------- */

/* Where a cycle's time goes: [nt][create, wait, close] in clock ticks. */
static u64 cycle_phase[2][3];

static long nt_cycle(void)
{
	u64 t0, t1, t2, t3;
	NTSTATUS status;
	HANDLE handle;
	PVOID thread;

	t0 = bench_clock();
	status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, NULL, NULL,
				      NULL, nt_quick, NULL);
	if (!NT_SUCCESS(status))
		return status;
	t1 = bench_clock();
	/* nt_join(), with the close timed apart */
	status = ObReferenceObjectByHandle(handle, SYNCHRONIZE, *PsThreadType,
					   KernelMode, &thread, NULL);
	if (NT_SUCCESS(status)) {
		status = KeWaitForSingleObject(thread, Executive, KernelMode,
					       FALSE, NULL);
		ObDereferenceObject(thread);
	}
	t2 = bench_clock();
	ZwClose(handle);
	t3 = bench_clock();
	cycle_phase[1][0] += t1 - t0;
	cycle_phase[1][1] += t2 - t1;
	cycle_phase[1][2] += t3 - t2;
	return NT_SUCCESS(status) ? 0 : status;
}

static long raw_cycle(void)
{
	struct raw_quick quick;
	struct task_struct *task;
	u64 t0, t1, t2;

	t0 = bench_clock();
	init_completion(&quick.done);
	task = kthread_run(raw_quick, &quick, "ntbench_raw");
	if (IS_ERR(task))
		return PTR_ERR(task);
	t1 = bench_clock();
	wait_for_completion(&quick.done);
	t2 = bench_clock();
	cycle_phase[0][0] += t1 - t0;
	cycle_phase[0][1] += t2 - t1;
	return 0;
}

/*
 * A round: @cycle_ops cycles of each side, interleaved one by one (which
 * side goes first alternates from pair to pair), so that a disturbance of
 * the guest (TCG: the host's scheduler) falls on both sides alike.
 */
static void bench_cycle(void)
{
	u64 ns[2], t0;
	int round, i;
	long err;

	for (i = 0; i < 4; i++)	/* warm up both paths */
		err = (i & 1) ? nt_cycle() : raw_cycle();
	for (round = 0; round < rounds; round++) {
		memset(cycle_phase, 0, sizeof(cycle_phase));
		ns[0] = 0;
		ns[1] = 0;
		for (i = 0; i < 2 * cycle_ops; i++) {
			bool nt = nt_first(i >> 1, i & 1);

			t0 = bench_clock();
			err = nt ? nt_cycle() : raw_cycle();
			ns[nt] += bench_clock() - t0;
			if (err) {
				bench_error("cycle", nt ? "nt" : "raw", err);
				return;
			}
		}
		bench_info("CYCLE round=%d ops=%d nt_ns=%llu raw_ns=%llu nt_create_ns=%llu nt_wait_ns=%llu nt_close_ns=%llu raw_create_ns=%llu raw_wait_ns=%llu",
			   round, cycle_ops, bench_ns(ns[1]), bench_ns(ns[0]),
			   bench_ns(cycle_phase[1][0]),
			   bench_ns(cycle_phase[1][1]),
			   bench_ns(cycle_phase[1][2]),
			   bench_ns(cycle_phase[0][0]),
			   bench_ns(cycle_phase[0][1]));
	}
}

/* ---- 2. Parallel creation ---------------------------------------------- */

static long par_nt(struct bench_worker *w)
{
	HANDLE *handles = w->buf;
	NTSTATUS status;
	long err = 0;
	u64 t0, t1;
	int n, i;

	t0 = bench_clock();
	for (n = 0; n < par_per_cpu; n++) {
		status = PsCreateSystemThread(&handles[n], THREAD_ALL_ACCESS,
					      NULL, NULL, NULL, nt_quick, NULL);
		if (!NT_SUCCESS(status)) {
			err = status;
			break;
		}
	}
	t1 = bench_clock();
	for (i = 0; i < n; i++) {
		status = nt_join(handles[i], &w->phase[2]);
		if (!NT_SUCCESS(status) && !err)
			err = status;
	}
	w->phase[0] = t1 - t0;
	w->phase[1] = bench_clock() - t1;
	return err;
}

static long par_raw(struct bench_worker *w)
{
	struct raw_quick *quick = w->buf;
	struct task_struct *task;
	long err = 0;
	u64 t0, t1;
	int n, i;

	t0 = bench_clock();
	for (n = 0; n < par_per_cpu; n++) {
		init_completion(&quick[n].done);
		task = kthread_run(raw_quick, &quick[n], "ntbench_raw");
		if (IS_ERR(task)) {
			err = PTR_ERR(task);
			break;
		}
	}
	t1 = bench_clock();
	for (i = 0; i < n; i++)
		wait_for_completion(&quick[i].done);
	w->phase[0] = t1 - t0;
	w->phase[1] = bench_clock() - t1;
	return err;
}

static void bench_parallel(void)
{
	int nr = num_online_cpus(), round, i, k;
	struct bench_group *g;
	u64 ns[2], phase[2][3];	/* [nt][create, join, of which close] */

	g = group_alloc(nr, par_per_cpu * max(sizeof(HANDLE),
					      sizeof(struct raw_quick)));
	if (!g) {
		bench_error("parallel", "alloc", -ENOMEM);
		return;
	}
	/* A round: @par_chunks chunks of each side, interleaved. */
	for (round = 0; round < rounds; round++) {
		memset(ns, 0, sizeof(ns));
		memset(phase, 0, sizeof(phase));
		for (i = 0; i < 2 * par_chunks; i++) {
			bool nt = nt_first(i >> 1, i & 1);

			ns[nt] += group_run(g, nr, nt ? par_nt : par_raw,
					    "parallel", NULL);
			for (k = 0; k < nr; k++) {
				phase[nt][0] += g->workers[k].phase[0] / nr;
				phase[nt][1] += g->workers[k].phase[1] / nr;
				phase[nt][2] += g->workers[k].phase[2] / nr;
			}
		}
		bench_info("PARALLEL round=%d cpus=%d per_cpu=%d nt_ns=%llu raw_ns=%llu nt_create_ns=%llu nt_join_ns=%llu nt_close_ns=%llu raw_create_ns=%llu raw_wait_ns=%llu",
			   round, nr, par_per_cpu * par_chunks, ns[1], ns[0],
			   bench_ns(phase[1][0]), bench_ns(phase[1][1]),
			   bench_ns(phase[1][2]),
			   bench_ns(phase[0][0]), bench_ns(phase[0][1]));
	}
	group_free(g);
}

/* ---- 3. Handle reference ----------------------------------------------- */

/**
 * struct ref_set - open handles, and an xarray holding the same objects
 * @n: open handles
 * @stride: the step of the scattered walk over them
 * @sequential: walk them in order instead
 * @handles: the handles
 * @nr_objects: thread objects the handles name, round-robin
 * @objects: those objects, each held by a reference
 * @xa: each handle's table index mapped to the handle's object
 */
struct ref_set {
	u32 n, stride;
	bool sequential;
	HANDLE *handles;
	int nr_objects;
	PVOID *objects;
	struct xarray xa;
};

static u32 ref_key(HANDLE handle)
{
	return ((unsigned long)handle >> 2) & (NT_HT_MAX_INDEX - 1);
}

/* A step through all @n slots in a scattered order: ~0.618 n, coprime. */
static u32 ref_stride(u32 n)
{
	u32 s;

	if (n < 3)
		return n > 1;
	for (s = (u32)((u64)n * 618 / 1000) | 1; gcd(s, n) != 1; s += 2)
		;
	return s % n;
}

static long ref_nt(struct bench_worker *w)
{
	struct ref_set *s = w->group->ctx;
	u32 pos = (u64)s->n * w->index / w->group->nr;
	u32 stride = s->sequential ? 1 % s->n : s->stride;
	NTSTATUS status;
	PVOID object;
	int i;

	for (i = 0; i < ref_ops; i++) {
		status = ObReferenceObjectByHandle(s->handles[pos], 0,
						   *PsThreadType, KernelMode,
						   &object, NULL);
		if (!NT_SUCCESS(status))
			return status;
		ObDereferenceObject(object);
		pos += stride;
		if (pos >= s->n)
			pos -= s->n;
	}
	return 0;
}

static long ref_xa(struct bench_worker *w)
{
	struct ref_set *s = w->group->ctx;
	u32 pos = (u64)s->n * w->index / w->group->nr;
	u32 stride = s->sequential ? 1 % s->n : s->stride;
	void *object;
	int i;

	for (i = 0; i < ref_ops; i++) {
		rcu_read_lock();
		object = xa_load(&s->xa, ref_key(s->handles[pos]));
		if (object &&
		    !refcount_inc_not_zero(&nt_ob_header(object)->pointer_count))
			object = NULL;
		rcu_read_unlock();
		if (!object)
			return -ENOENT;
		/* never the last reference: the handles hold theirs */
		if (refcount_dec_and_test(&nt_ob_header(object)->pointer_count))
			return -EUCLEAN;
		pos += stride;
		if (pos >= s->n)
			pos -= s->n;
	}
	return 0;
}

static void ref_teardown(struct ref_set *s)
{
	u32 i;

	xa_destroy(&s->xa);
	for (i = 0; i < s->n; i++) {
		ZwClose(s->handles[i]);
		if (i % 4096 == 4095)
			cond_resched();
	}
	for (i = 0; i < s->nr_objects; i++)
		if (s->objects[i])
			ObDereferenceObject(s->objects[i]);
	kvfree(s->handles);
	kvfree(s->objects);
	s->n = 0;
}

static int ref_setup(struct ref_set *s, u32 n)
{
	NTSTATUS status;
	int err;
	u32 i;

	memset(s, 0, sizeof(*s));
	xa_init(&s->xa);
	s->nr_objects = min_t(u32, n, ref_objects);
	s->handles = kvcalloc(n, sizeof(*s->handles), GFP_KERNEL);
	s->objects = kvcalloc(s->nr_objects, sizeof(*s->objects), GFP_KERNEL);
	if (!s->handles || !s->objects) {
		kvfree(s->handles);
		kvfree(s->objects);
		return -ENOMEM;
	}
	/* The objects: threads that have ended, held by a reference. */
	for (i = 0; i < s->nr_objects; i++) {
		status = PsCreateSystemThread(&s->handles[i], THREAD_ALL_ACCESS,
					      NULL, NULL, NULL, nt_quick, NULL);
		if (!NT_SUCCESS(status))
			goto err_nt;
		s->n = i + 1;
		status = ObReferenceObjectByHandle(s->handles[i], SYNCHRONIZE,
						   *PsThreadType, KernelMode,
						   &s->objects[i], NULL);
		if (!NT_SUCCESS(status))
			goto err_nt;
		KeWaitForSingleObject(s->objects[i], Executive, KernelMode,
				      FALSE, NULL);
	}
	for (i = s->nr_objects; i < n; i++) {
		status = ObOpenObjectByPointer(s->objects[i % s->nr_objects], 0,
					       NULL, THREAD_ALL_ACCESS,
					       *PsThreadType, KernelMode,
					       &s->handles[i]);
		if (!NT_SUCCESS(status))
			goto err_nt;
		s->n = i + 1;
		if (i % 4096 == 4095)
			cond_resched();
	}
	for (i = 0; i < n; i++) {
		err = xa_err(xa_store(&s->xa, ref_key(s->handles[i]),
				      s->objects[i % s->nr_objects],
				      GFP_KERNEL));
		if (err)
			goto err;
		if (i % 4096 == 4095)
			cond_resched();
	}
	s->stride = ref_stride(n);
	return 0;

err_nt:
	err = -EIO;
	bench_error("handle", "setup_nt", status);
err:
	ref_teardown(s);
	return err;
}

static void bench_handle(void)
{
	static const char *const scopes[] = { "1cpu", "allcpu", "1cpu_seq" };
	int all = num_online_cpus(), k, round, i, c;
	struct bench_group *g;
	struct ref_set s;
	u64 ns[2][3];	/* [nt][scope] */
	u64 t0, mean;

	g = group_alloc(all, 0);
	if (!g) {
		bench_error("handle", "alloc", -ENOMEM);
		return;
	}
	g->ctx = &s;
	for (k = 0; k < nr_ref_sizes; k++) {
		u32 n = ref_sizes[k];

		if (ref_sizes[k] <= 0 || n >= NT_HT_MAX_INDEX / 2)
			continue;
		t0 = bench_clock();
		if (ref_setup(&s, n)) {
			bench_error("handle", "setup", n);
			continue;
		}
		bench_info("REFSETUP size=%u objects=%d stride=%u setup_ns=%llu",
			   n, s.nr_objects, s.stride,
			   bench_ns(bench_clock() - t0));
		/*
		 * A round: for each scope (one CPU, every CPU, one CPU
		 * walking the handles in order), @ref_chunks chunks of each
		 * side, interleaved.
		 */
		for (round = 0; round < rounds; round++) {
			memset(ns, 0, sizeof(ns));
			for (c = 0; c < ARRAY_SIZE(scopes); c++) {
				s.sequential = c == 2;
				for (i = 0; i < 2 * ref_chunks; i++) {
					bool nt = nt_first(i >> 1, i & 1);

					mean = 0;
					group_run(g, c == 1 ? all : 1,
						  nt ? ref_nt : ref_xa,
						  "handle", &mean);
					ns[nt][c] += mean;
				}
			}
			for (c = 0; c < ARRAY_SIZE(scopes); c++)
				bench_info("REF size=%u round=%d scope=%s cpus=%d ops=%d nt_ns=%llu xa_ns=%llu",
					   n, round, scopes[c],
					   c == 1 ? all : 1,
					   ref_ops * ref_chunks, ns[1][c],
					   ns[0][c]);
		}
		ref_teardown(&s);
	}
	group_free(g);
}

/* ---- 5. Thread limit ----------------------------------------------------- */

struct layer_counts {
	long live, handles, objects;
	u32 handle_entries, cid_entries;
};

static void layer_counts(struct layer_counts *c)
{
	c->live = ntthread_counter(NT_CTR_THREADS_LIVE);
	c->handles = ntthread_counter(NT_CTR_HANDLES_OPEN);
	c->objects = atomic_long_read(&(*PsThreadType)->live);
	c->handle_entries = READ_ONCE(ntthread_handle_table(false)->count);
	c->cid_entries = READ_ONCE(ntthread_handle_table(true)->count);
}

/* Wait (up to 10 s) until the layer's counters are back at @base. */
static bool layer_back_at(const struct layer_counts *base,
			  struct layer_counts *now)
{
	unsigned long deadline = jiffies + 10 * HZ;

	for (;;) {
		layer_counts(now);
		if (!memcmp(base, now, sizeof(*now)))
			return true;
		if (time_after(jiffies, deadline))
			return false;
		usleep_range(10000, 20000);
	}
}

static void bench_limit(void)
{
	long floor = (long)limit_reserve_mb << (20 - PAGE_SHIFT);
	struct layer_counts base, now;
	long avail0, avail1, avail2;
	struct park_set p = { };
	int round, side;
	bool released;
	u64 t0, t1;

	if (!park_set_alloc(&p, limit_cap, "limit"))
		goto out;
	memset(&base, 0, sizeof(base));
	layer_counts(&base);
	/*
	 * Warm up with raw kthreads to the floor and back: memory that freed
	 * threads leave in caches (slabs, per-CPU stacks, the KASAN
	 * quarantine) is not "available" but is reused by the next threads,
	 * which would favour whichever side runs second.
	 */
	bench_settle();
	p.nt = false;
	park(&p, limit_cap, floor);
	bench_info("LIMITWARM threads=%d stop=%s", p.n, p.stop);
	unpark(&p);
	bench_settle_memory();
	for (round = 0; round < limit_rounds; round++) {
		for (side = 0; side < 2; side++) {
			p.nt = nt_first(round, side);
			bench_settle();
			avail0 = si_mem_available();
			t0 = bench_clock();
			park(&p, limit_cap, floor);
			t1 = bench_clock();
			avail1 = si_mem_available();
			bench_info("LIMIT round=%d side=%s threads=%d stop=%s status=%ld create_ns=%llu avail_start_kb=%ld avail_peak_kb=%ld",
				   round, p.nt ? "nt" : "raw", p.n, p.stop,
				   p.status, bench_ns(t1 - t0),
				   avail0 << (PAGE_SHIFT - 10),
				   avail1 << (PAGE_SHIFT - 10));
			unpark(&p);
			bench_settle_memory();
			memset(&now, 0, sizeof(now));
			released = layer_back_at(&base, &now);
			avail2 = si_mem_available();
			bench_info("RELEASE round=%d side=%s released=%d threads_live=%ld/%ld handles_open=%ld/%ld objects=%ld/%ld handle_entries=%u/%u cid_entries=%u/%u avail_end_kb=%ld",
				   round, p.nt ? "nt" : "raw", released,
				   now.live, base.live, now.handles,
				   base.handles, now.objects, base.objects,
				   now.handle_entries, base.handle_entries,
				   now.cid_entries, base.cid_entries,
				   avail2 << (PAGE_SHIFT - 10));
		}
	}
out:
	park_set_free(&p);
}

/* ---- Crews: threads of one side, started together per chunk ----------- */

struct crew;

/**
 * struct crew_member - one thread of a crew
 * @crew: its crew
 * @index: its place in the crew (what its role is, for the chunk's work)
 * @handle: the layer's thread handle
 * @exited: completed by a raw kthread as it exits
 * @start: when it began the last chunk (clock ticks)
 * @end: when it finished it
 * @err: what the chunk's work returned
 */
struct crew_member {
	struct crew *crew;
	int index;
	HANDLE handle;
	struct completion exited;
	u64 start, end;
	long err;
};

/**
 * struct crew - threads of one side (the layer's or raw kthreads) that
 * live through a whole metric and run @fn once per chunk, all at once
 * @nt: the layer's threads (else raw kthreads)
 * @nr: members
 * @started: members created
 * @fn: a chunk's work of one member
 * @ctx: what @fn works on
 * @gen: bumped to start a chunk
 * @quit: set to end the members
 * @wq: where the members wait for @gen or @quit (TASK_IDLE)
 * @running: members still in the chunk
 * @done: completed by the last member to finish the chunk
 * @members: the members
 */
struct crew {
	bool nt;
	int nr, started;
	long (*fn)(struct crew_member *m);
	void *ctx;
	unsigned int gen;
	bool quit;
	wait_queue_head_t wq;
	atomic_t running;
	struct completion done;
	struct crew_member *members;
};

static void crew_loop(struct crew_member *m)
{
	struct crew *c = m->crew;
	unsigned int seen = 0;

	for (;;) {
		wait_event_idle(c->wq, READ_ONCE(c->gen) != seen ||
				READ_ONCE(c->quit));
		if (READ_ONCE(c->quit))
			return;
		seen = READ_ONCE(c->gen);
		m->start = bench_clock();
		m->err = c->fn(m);
		m->end = bench_clock();
		if (atomic_dec_and_test(&c->running))
			complete(&c->done);
	}
}

static VOID crew_nt_main(PVOID context)
{
	crew_loop(context);
}

static int crew_raw_main(void *arg)
{
	struct crew_member *m = arg;

	crew_loop(m);
	kthread_complete_and_exit(&m->exited, 0);
}

/* End a crew's members, join them and free it. */
static void crew_stop(struct crew *c)
{
	int i;

	if (!c)
		return;
	WRITE_ONCE(c->quit, true);
	wake_up_all(&c->wq);
	for (i = 0; i < c->started; i++) {
		if (c->nt)
			nt_join(c->members[i].handle, NULL);
		else
			wait_for_completion(&c->members[i].exited);
	}
	kfree(c->members);
	kfree(c);
}

/* A crew of @nr threads of one side, all waiting; NULL (reported) on failure. */
static struct crew *crew_start(bool nt, int nr,
			       long (*fn)(struct crew_member *m), void *ctx,
			       const char *metric)
{
	struct task_struct *task;
	struct crew_member *m;
	NTSTATUS status;
	struct crew *c;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		goto err_alloc;
	c->members = kcalloc(nr, sizeof(*c->members), GFP_KERNEL);
	if (!c->members) {
		kfree(c);
		goto err_alloc;
	}
	c->nt = nt;
	c->nr = nr;
	c->fn = fn;
	c->ctx = ctx;
	init_waitqueue_head(&c->wq);
	init_completion(&c->done);
	for (; c->started < nr; c->started++) {
		m = &c->members[c->started];
		m->crew = c;
		m->index = c->started;
		init_completion(&m->exited);
		if (nt) {
			status = PsCreateSystemThread(&m->handle,
						      THREAD_ALL_ACCESS, NULL,
						      NULL, NULL, crew_nt_main,
						      m);
			if (!NT_SUCCESS(status)) {
				bench_error(metric, "create_nt", status);
				goto err;
			}
		} else {
			task = kthread_run(crew_raw_main, m, "ntbench_crew");
			if (IS_ERR(task)) {
				bench_error(metric, "create_raw", PTR_ERR(task));
				goto err;
			}
		}
	}
	return c;
err:
	crew_stop(c);
	return NULL;
err_alloc:
	bench_error(metric, "alloc", -ENOMEM);
	return NULL;
}

/*
 * Run one chunk on every member at once.  Returns the wall time from the
 * first member's start to the last member's end in clock ticks; 0 on
 * failure (reported).
 */
static u64 crew_run(struct crew *c, const char *metric)
{
	u64 first = U64_MAX, last = 0;
	long err = 0;
	int i;

	reinit_completion(&c->done);
	atomic_set(&c->running, c->nr);
	WRITE_ONCE(c->gen, c->gen + 1);
	wake_up_all(&c->wq);
	/* A member that never finishes is an API bug: say so, keep waiting. */
	while (!wait_for_completion_timeout(&c->done, 60 * HZ))
		bench_error(metric, c->nt ? "stuck_nt" : "stuck_raw",
			    atomic_read(&c->running));
	for (i = 0; i < c->nr; i++) {
		first = min(first, c->members[i].start);
		last = max(last, c->members[i].end);
		if (c->members[i].err && !err)
			err = c->members[i].err;
	}
	if (err) {
		bench_error(metric, c->nt ? "nt" : "raw", err);
		return 0;
	}
	return last - first;
}

/* ---- 6. Event ping-pong --------------------------------------------------- */

/* Two synchronization events, or two completions: ping and pong. */
struct pingpong {
	KEVENT ping_event, pong_event;
	struct completion ping, pong;
};

/* Member 0 pings and waits for the pong; member 1 answers. */
static long pingpong_nt(struct crew_member *m)
{
	struct pingpong *pp = m->crew->ctx;
	NTSTATUS status;
	int i;

	for (i = 0; i < pp_ops; i++) {
		if (m->index == 0) {
			KeSetEvent(&pp->ping_event, 0, FALSE);
			status = KeWaitForSingleObject(&pp->pong_event,
						       Executive, KernelMode,
						       FALSE, NULL);
		} else {
			status = KeWaitForSingleObject(&pp->ping_event,
						       Executive, KernelMode,
						       FALSE, NULL);
			KeSetEvent(&pp->pong_event, 0, FALSE);
		}
		if (status != STATUS_SUCCESS)
			return status;
	}
	return 0;
}

static long pingpong_raw(struct crew_member *m)
{
	struct pingpong *pp = m->crew->ctx;
	int i;

	for (i = 0; i < pp_ops; i++) {
		if (m->index == 0) {
			complete(&pp->ping);
			wait_for_completion(&pp->pong);
		} else {
			wait_for_completion(&pp->ping);
			complete(&pp->pong);
		}
	}
	return 0;
}

/*
 * Two threads of each side live through the metric; a round is
 * @pp_chunks chunks of @pp_ops round trips per side, interleaved.
 */
static void bench_pingpong(void)
{
	struct crew *crew[2] = { };	/* [nt] */
	struct pingpong *pp;
	int round, i;
	u64 ns[2];

	pp = kzalloc(sizeof(*pp), GFP_KERNEL);
	if (!pp) {
		bench_error("event_pingpong", "alloc", -ENOMEM);
		return;
	}
	KeInitializeEvent(&pp->ping_event, SynchronizationEvent, FALSE);
	KeInitializeEvent(&pp->pong_event, SynchronizationEvent, FALSE);
	init_completion(&pp->ping);
	init_completion(&pp->pong);
	crew[1] = crew_start(true, 2, pingpong_nt, pp, "event_pingpong");
	crew[0] = crew_start(false, 2, pingpong_raw, pp, "event_pingpong");
	if (!crew[0] || !crew[1])
		goto out;
	for (i = 0; i < 2; i++)	/* warm up both */
		crew_run(crew[i], "event_pingpong");
	for (round = 0; round < rounds; round++) {
		ns[0] = 0;
		ns[1] = 0;
		for (i = 0; i < 2 * pp_chunks; i++) {
			bool nt = nt_first(i >> 1, i & 1);
			u64 t = crew_run(crew[nt], "event_pingpong");

			if (!t)
				goto out;
			ns[nt] += t;
		}
		bench_info("PINGPONG round=%d trips=%d nt_ns=%llu raw_ns=%llu",
			   round, pp_ops * pp_chunks, bench_ns(ns[1]),
			   bench_ns(ns[0]));
	}
	if (KeReadStateEvent(&pp->ping_event) ||
	    KeReadStateEvent(&pp->pong_event) ||
	    completion_done(&pp->ping) || completion_done(&pp->pong))
		bench_error("event_pingpong", "left_signalled", 0);
out:
	crew_stop(crew[0]);
	crew_stop(crew[1]);
	kfree(pp);
}

/* ---- 7. Semaphore producers and consumers --------------------------------- */

/**
 * struct sem_pc - one side's semaphore, and the takes its consumers claim
 * @ksem: the layer's semaphore
 * @sem: Linux's
 * @left: takes not yet claimed by a consumer in this chunk
 * @producers: members below this index produce, the others consume
 */
struct sem_pc {
	KSEMAPHORE ksem;
	struct semaphore sem;
	atomic_t left;
	int producers;
};

/* Both semaphores start empty: every count is a producer's. */
#define SEM_PC_COUNT0	0

/* A producer releases @sem_ops counts one by one; consumers take all. */
static long sem_pc_nt(struct crew_member *m)
{
	struct sem_pc *s = m->crew->ctx;
	NTSTATUS status;
	int i;

	if (m->index < s->producers) {
		for (i = 0; i < sem_ops; i++)
			KeReleaseSemaphore(&s->ksem, 0, 1, FALSE);
		return 0;
	}
	while (atomic_dec_if_positive(&s->left) >= 0) {
		status = KeWaitForSingleObject(&s->ksem, Executive, KernelMode,
					       FALSE, NULL);
		if (status != STATUS_SUCCESS)
			return status;
	}
	return 0;
}

static long sem_pc_raw(struct crew_member *m)
{
	struct sem_pc *s = m->crew->ctx;
	int i;

	if (m->index < s->producers) {
		for (i = 0; i < sem_ops; i++)
			up(&s->sem);
		return 0;
	}
	while (atomic_dec_if_positive(&s->left) >= 0)
		down(&s->sem);
	return 0;
}

static void bench_semaphore_size(int k)
{
	struct crew *crew[2] = { };	/* [nt] */
	struct sem_pc *s;		/* [nt] */
	int round, i;
	u64 ns[2], t;

	s = kcalloc(2, sizeof(*s), GFP_KERNEL);
	if (!s) {
		bench_error("semaphore_pc", "alloc", -ENOMEM);
		return;
	}
	for (i = 0; i < 2; i++) {
		KeInitializeSemaphore(&s[i].ksem, SEM_PC_COUNT0, INT_MAX);
		sema_init(&s[i].sem, SEM_PC_COUNT0);
		s[i].producers = k;
	}
	crew[1] = crew_start(true, 2 * k, sem_pc_nt, &s[1], "semaphore_pc");
	crew[0] = crew_start(false, 2 * k, sem_pc_raw, &s[0], "semaphore_pc");
	if (!crew[0] || !crew[1])
		goto out;
	for (round = -1; round < rounds; round++) {	/* -1: warm-up */
		ns[0] = 0;
		ns[1] = 0;
		for (i = 0; i < 2 * sem_chunks; i++) {
			bool nt = nt_first(i >> 1, i & 1);

			atomic_set(&s[nt].left, k * sem_ops);
			t = crew_run(crew[nt], "semaphore_pc");
			if (!t)
				goto out;
			ns[nt] += t;
		}
		if (round >= 0)
			bench_info("SEM size=%d round=%d producers=%d consumers=%d items=%d nt_ns=%llu raw_ns=%llu",
				   k, round, k, k, k * sem_ops * sem_chunks,
				   bench_ns(ns[1]), bench_ns(ns[0]));
	}
	/* Every count released was taken. */
	if (KeReadStateSemaphore(&s[1].ksem) || s[0].sem.count)
		bench_error("semaphore_pc", "count_left",
			    KeReadStateSemaphore(&s[1].ksem) + s[0].sem.count);
out:
	crew_stop(crew[0]);
	crew_stop(crew[1]);
	kfree(s);
}

static void bench_semaphore(void)
{
	int i;

	for (i = 0; i < nr_sem_sizes; i++)
		if (sem_sizes[i] > 0 && sem_sizes[i] <= num_online_cpus())
			bench_semaphore_size(sem_sizes[i]);
}

/* ---- 8. Waking many waiters ----------------------------------------------- */

struct wake_side;

/**
 * struct wake_slot - one waiter
 * @side: its side
 * @task: its task, once known
 * @handle: the layer's thread handle
 * @trial: 1 + the trial it is about to wait for (0: not started)
 */
struct wake_slot {
	struct wake_side *side;
	struct task_struct *task;
	HANDLE handle;
	unsigned int trial;
};

/**
 * struct wake_side - many waiters of one side, woken once per trial
 * @nt: the layer's threads on @events (else kthreads on @wq)
 * @n: waiters created
 * @trial: trials done
 * @quit: set before the last wake-up: the waiters then end
 * @events: notification events, for even and odd trials
 * @wq: the kthreads' wait queue
 * @gen: the trials the kthreads have been woken for
 * @left: waiters not yet woken in this trial
 * @done: completed by the last of them
 * @slots: the waiters
 */
struct wake_side {
	bool nt;
	int n;
	unsigned int trial;
	bool quit;
	KEVENT events[2];
	wait_queue_head_t wq;
	unsigned int gen;
	atomic_t left;
	struct completion done;
	struct wake_slot *slots;
};

/*
 * Trial t waits on events[t & 1]; the bench clears that event once all
 * waiters are past it, before they wait on it again for trial t + 2.
 */
static VOID wake_nt_main(PVOID context)
{
	struct wake_slot *slot = context;
	struct wake_side *s = slot->side;
	unsigned int t;

	WRITE_ONCE(slot->task, current);
	for (t = 0; ; t++) {
		/* pairs with wake_ready()'s acquire: @task is seen with it */
		smp_store_release(&slot->trial, t + 1);
		KeWaitForSingleObject(&s->events[t & 1], Executive, KernelMode,
				      FALSE, NULL);
		if (READ_ONCE(s->quit))
			return;
		if (atomic_dec_and_test(&s->left))
			complete(&s->done);
	}
}

static int wake_raw_main(void *arg)
{
	struct wake_slot *slot = arg;
	struct wake_side *s = slot->side;
	unsigned int t;

	for (t = 0; ; t++) {
		/* pairs with wake_ready()'s acquire, as in wake_nt_main() */
		smp_store_release(&slot->trial, t + 1);
		wait_event(s->wq, READ_ONCE(s->gen) > t || kthread_should_stop());
		if (kthread_should_stop())
			return 0;
		if (atomic_dec_and_test(&s->left))
			complete(&s->done);
	}
}

/* Create @n waiters; s->n says how many were. */
static int wake_setup(struct wake_side *s, int n)
{
	struct wake_slot *slot;
	struct task_struct *task;
	NTSTATUS status;

	s->slots = kvcalloc(n, sizeof(*s->slots), GFP_KERNEL);
	if (!s->slots)
		return -ENOMEM;
	KeInitializeEvent(&s->events[0], NotificationEvent, FALSE);
	KeInitializeEvent(&s->events[1], NotificationEvent, FALSE);
	init_waitqueue_head(&s->wq);
	init_completion(&s->done);
	for (s->n = 0; s->n < n; s->n++) {
		slot = &s->slots[s->n];
		slot->side = s;
		if (s->nt) {
			status = PsCreateSystemThread(&slot->handle,
						      THREAD_ALL_ACCESS, NULL,
						      NULL, NULL, wake_nt_main,
						      slot);
			if (!NT_SUCCESS(status))
				return status;
		} else {
			task = kthread_run(wake_raw_main, slot, "ntbench_wake");
			if (IS_ERR(task))
				return PTR_ERR(task);
			slot->task = task;
		}
		if (s->n % 64 == 63)
			cond_resched();
	}
	return 0;
}

/* End the waiters and join them. */
static void wake_teardown(struct wake_side *s)
{
	int i;

	if (s->nt) {
		WRITE_ONCE(s->quit, true);
		KeSetEvent(&s->events[s->trial & 1], 0, FALSE);
	}
	for (i = 0; i < s->n; i++) {
		if (s->nt)
			nt_join(s->slots[i].handle, NULL);
		else
			kthread_stop(s->slots[i].task);
		if (i % 64 == 63)
			cond_resched();
	}
	kvfree(s->slots);
	s->n = 0;
}

/*
 * Wait (up to 60 s) until every waiter is asleep in the wait of the next
 * trial: it said it waits for that trial, its task is not running and not
 * on a runqueue.
 */
static bool wake_ready(struct wake_side *s)
{
	unsigned long deadline = jiffies + 60 * HZ;
	struct task_struct *task;
	struct wake_slot *slot;
	int i = 0;

	while (i < s->n) {
		slot = &s->slots[i];
		/* pairs with the waiter's release: then its @task is set */
		if (smp_load_acquire(&slot->trial) == s->trial + 1) {
			task = READ_ONCE(slot->task);
			if (task && !task_is_running(task) &&
			    !READ_ONCE(task->on_rq)) {
				i++;
				continue;
			}
		}
		if (time_after(jiffies, deadline)) {
			bench_error("wake", s->nt ? "blocked_nt" : "blocked_raw",
				    i);
			return false;
		}
		usleep_range(200, 400);
	}
	return true;
}

/* One trial: wake all, until the last waiter runs; 0 on failure. */
static u64 wake_trial(struct wake_side *s)
{
	unsigned int t = s->trial;
	u64 t0, t1;

	if (!wake_ready(s))
		return 0;
	reinit_completion(&s->done);
	atomic_set(&s->left, s->n);
	t0 = bench_clock();
	if (s->nt) {
		KeSetEvent(&s->events[t & 1], 0, FALSE);
	} else {
		WRITE_ONCE(s->gen, t + 1);
		wake_up_all(&s->wq);
	}
	while (!wait_for_completion_timeout(&s->done, 60 * HZ))
		bench_error("wake", s->nt ? "stuck_nt" : "stuck_raw",
			    atomic_read(&s->left));
	t1 = bench_clock();
	if (s->nt)
		KeClearEvent(&s->events[t & 1]);
	s->trial++;
	return t1 - t0;
}

/*
 * @wake_waiters waiters of each side, all created first and living
 * through the metric; a round is @wake_trials trials per side,
 * interleaved.
 */
static void bench_wake(void)
{
	struct wake_side *s;	/* [nt] */
	int round, i, err;
	u64 ns[2], t0, t;
	u64 setup[2];

	s = kcalloc(2, sizeof(*s), GFP_KERNEL);
	if (!s) {
		bench_error("wake", "alloc", -ENOMEM);
		return;
	}
	s[1].nt = true;
	for (i = 1; i >= 0; i--) {
		t0 = bench_clock();
		err = wake_setup(&s[i], wake_waiters);
		setup[i] = bench_clock() - t0;
		if (err) {
			bench_error("wake", i ? "create_nt" : "create_raw", err);
			goto out;
		}
	}
	bench_info("WAKESETUP waiters=%d nt_create_ns=%llu raw_create_ns=%llu",
		   wake_waiters, bench_ns(setup[1]), bench_ns(setup[0]));
	for (i = 0; i < 2; i++)	/* warm up both */
		if (!wake_trial(&s[i]))
			goto out;
	for (round = 0; round < rounds; round++) {
		ns[0] = 0;
		ns[1] = 0;
		for (i = 0; i < 2 * wake_trials; i++) {
			bool nt = nt_first(i >> 1, i & 1);

			t = wake_trial(&s[nt]);
			if (!t)
				goto out;
			ns[nt] += t;
		}
		bench_info("WAKE round=%d waiters=%d trials=%d nt_ns=%llu raw_ns=%llu",
			   round, wake_waiters, wake_trials, bench_ns(ns[1]),
			   bench_ns(ns[0]));
	}
out:
	for (i = 0; i < 2; i++)
		if (s[i].slots)
			wake_teardown(&s[i]);
	kfree(s);
}

/* ---- 9. Pool ------------------------------------------------------------- */

#define BENCH_POOL_TAG	0x6c6f6f50	/* "Pool" */

static size_t pool_size;	/* of the allocations being measured */

static long pool_nt(struct bench_worker *w)
{
	u8 *p;
	int i;

	for (i = 0; i < pool_ops; i++) {
		p = ExAllocatePoolWithTag(NonPagedPoolNx, pool_size,
					  BENCH_POOL_TAG);
		if (!p)
			return -ENOMEM;
		WRITE_ONCE(p[0], i);
		ExFreePoolWithTag(p, BENCH_POOL_TAG);
	}
	return 0;
}

static long pool_raw(struct bench_worker *w)
{
	u8 *p;
	int i;

	for (i = 0; i < pool_ops; i++) {
		p = kmalloc(pool_size, GFP_KERNEL);
		if (!p)
			return -ENOMEM;
		WRITE_ONCE(p[0], i);
		kfree(p);
	}
	return 0;
}

/*
 * What one allocation of @size costs beyond kmalloc(@size), in *@side
 * whether it went without a header: a header block's is its larger slab
 * object or page block (the 16-byte header inside it); a side block's is
 * its 16-byte side record (the block is kmalloc's own size).  The pool
 * allocates kvmalloc(@size + 16) or kvmalloc(@size) at PASSIVE_LEVEL,
 * which is kmalloc while that succeeds.
 */
static long pool_overhead(size_t size, bool *side)
{
	void *p = ExAllocatePoolWithTag(NonPagedPoolNx, size, BENCH_POOL_TAG);
	void *nt = kmalloc(size + 16, GFP_KERNEL);
	void *raw = kmalloc(size, GFP_KERNEL);
	long bytes = -1;

	*side = p && ntthread_pool_side(p);
	if (p && nt && raw)
		bytes = *side ? NT_POOL_SIDE_BYTES :
			(long)ksize(nt) - (long)ksize(raw);
	if (p)
		ExFreePoolWithTag(p, BENCH_POOL_TAG);
	kfree(nt);
	kfree(raw);
	return bytes;
}

/*
 * What the pool's tracepoints cost where the pool calls them: a loop of
 * the allocation tracepoint less the same loop without it, disabled (the
 * default) and enabled (recorded in the ring buffer), beside what one
 * 64-byte ExAllocatePoolWithTag() + ExFreePoolWithTag() costs.
 */
static u64 pool_trace_time(bool traced)
{
	u64 t0 = bench_clock();

	ntthread_pool_trace_loop(pool_ops, traced);
	return bench_ns(bench_clock() - t0);
}

static void bench_pool_trace(void)
{
	u64 base, off, on, pool, t0;
	int round, ret = -ENOENT;

	pool_size = 64;
	for (round = 0; round < rounds; round++) {
		base = pool_trace_time(false);
		off = pool_trace_time(true);
		if (IS_ENABLED(CONFIG_EVENT_TRACING))
			ret = trace_set_clr_event("ntthread",
						  "ntthread_pool_alloc", 1);
		on = ret ? 0 : pool_trace_time(true);
		if (!ret)
			trace_set_clr_event("ntthread", "ntthread_pool_alloc", 0);
		t0 = bench_clock();
		if (pool_nt(NULL)) {
			bench_error("pool_trace", "alloc", -ENOMEM);
			return;
		}
		pool = bench_ns(bench_clock() - t0);
		bench_info("POOLTRACE round=%d ops=%d base_ns=%llu off_ns=%llu on_ns=%llu pool_ns=%llu",
			   round, pool_ops, base, off, on, pool);
	}
}

static void bench_pool(void)
{
	static const char *const scopes[] = { "1cpu", "allcpu" };
	int all = num_online_cpus(), k, round, i, c;
	struct bench_group *g;
	u64 ns[2][2];	/* [nt][scope] */
	long overhead;
	bool side;
	u64 mean;

	g = group_alloc(all, 0);
	if (!g) {
		bench_error("pool", "alloc", -ENOMEM);
		return;
	}
	for (k = 0; k < nr_pool_sizes; k++) {
		if (pool_sizes[k] <= 0)
			continue;
		pool_size = pool_sizes[k];
		overhead = pool_overhead(pool_size, &side);
		bench_info("POOLSIZE size=%zu header_bytes=16 overhead_bytes=%ld side=%d",
			   pool_size, overhead, side);
		for (round = 0; round < rounds; round++) {
			memset(ns, 0, sizeof(ns));
			for (c = 0; c < ARRAY_SIZE(scopes); c++) {
				for (i = 0; i < 2 * pool_chunks; i++) {
					bool nt = nt_first(i >> 1, i & 1);

					mean = 0;
					group_run(g, c ? all : 1,
						  nt ? pool_nt : pool_raw,
						  "pool", &mean);
					ns[nt][c] += mean;
				}
			}
			for (c = 0; c < ARRAY_SIZE(scopes); c++)
				bench_info("POOL size=%zu round=%d scope=%s cpus=%d ops=%d nt_ns=%llu raw_ns=%llu",
					   pool_size, round, scopes[c],
					   c ? all : 1, pool_ops * pool_chunks,
					   ns[1][c], ns[0][c]);
		}
	}
	group_free(g);
	bench_pool_trace();
}

/* ---------------------------------------------------------------------------- */

static int __init ntthread_bench_init(void)
{
	if (smoke) {
		rounds = 2;
		cycle_ops = 4;
		par_per_cpu = 2;
		par_chunks = 2;
		ref_chunks = 2;
		ref_sizes[0] = 16;
		ref_sizes[1] = 600;	/* past one low page: a two-level table */
		nr_ref_sizes = 2;
		ref_ops = 500;
		mem_threads = 16;
		mem_rounds = 1;
		limit_cap = 64;
		limit_rounds = 1;
		pp_ops = 20;
		pp_chunks = 2;
		sem_ops = 20;
		sem_chunks = 2;
		wake_waiters = 16;
		wake_trials = 1;
		pool_ops = 200;
		pool_chunks = 2;
	}
	rounds = max(rounds, 1);
	cycle_ops = max(cycle_ops, 1);
	par_per_cpu = max(par_per_cpu, 1);
	par_chunks = max(par_chunks, 1);
	ref_ops = max(ref_ops, 1);
	ref_chunks = max(ref_chunks, 1);
	ref_objects = max(ref_objects, 1);
	mem_threads = max(mem_threads, 1);
	mem_rounds = max(mem_rounds, 1);
	limit_cap = max(limit_cap, 1);
	limit_rounds = max(limit_rounds, 1);
	pp_ops = max(pp_ops, 1);
	pp_chunks = max(pp_chunks, 1);
	sem_ops = max(sem_ops, 1);
	sem_chunks = max(sem_chunks, 1);
	wake_waiters = max(wake_waiters, 1);
	wake_trials = max(wake_trials, 1);
	pool_ops = max(pool_ops, 1);
	pool_chunks = max(pool_chunks, 1);
	KeInitializeEvent(&park_gate, NotificationEvent, FALSE);
	bench_calibrate(smoke ? 200 : 2000);
	bench_info("START clock=%s tsc_khz=%llu cpus=%u smoke=%d rounds=%d mem_mb=%lu thread_size=%lu vmap_stack=%d kasan=%d lockdep=%d kmemleak=%d metrics=%s",
		   bench_tsc_khz ? "tsc" : "ktime", bench_tsc_khz,
		   num_online_cpus(), smoke, rounds,
		   totalram_pages() >> (20 - PAGE_SHIFT),
		   (unsigned long)THREAD_SIZE, IS_ENABLED(CONFIG_VMAP_STACK),
		   IS_ENABLED(CONFIG_KASAN), IS_ENABLED(CONFIG_PROVE_LOCKING),
		   IS_ENABLED(CONFIG_DEBUG_KMEMLEAK), metrics);
	if (bench_wanted("memory"))
		bench_memory();
	if (bench_wanted("cycle"))
		bench_cycle();
	if (bench_wanted("parallel"))
		bench_parallel();
	if (bench_wanted("handle"))
		bench_handle();
	if (bench_wanted("limit"))
		bench_limit();
	if (bench_wanted("event_pingpong"))
		bench_pingpong();
	if (bench_wanted("semaphore_pc"))
		bench_semaphore();
	if (bench_wanted("wake"))
		bench_wake();
	if (bench_wanted("pool"))
		bench_pool();
	bench_info("END errors=%d work=%ld", bench_errors,
		   atomic_long_read(&bench_work));
	return 0;
}

static void __exit ntthread_bench_exit(void)
{
}

module_init(ntthread_bench_init);
module_exit(ntthread_bench_exit);
MODULE_DESCRIPTION("ntthread benchmarks: the layer against raw kthreads and the xarray");
MODULE_LICENSE("GPL");
