// SPDX-License-Identifier: GPL-2.0
/*
 * A worker thread written the way Windows drivers write theirs: requests
 * queued under a spin lock, a semaphore that wakes the worker, a periodic
 * timer whose DPC queues a request of its own, statistics under an
 * ERESOURCE, KdPrintEx with NT's format conversions.  Built with -Werror
 * against <ntddk.h> (tools/examples/Kbuild); nothing in it knows Linux but
 * the module_init/module_exit lines at the end.
 */
#include <linux/module.h>
#include <ntddk.h>

#define WORKER_REQUESTS		8
#define WORKER_TIMER_PERIOD_MS	20

typedef struct _WORK_REQUEST {
	LIST_ENTRY ListEntry;
	ULONG Sequence;
	BOOLEAN FromTimer;
} WORK_REQUEST, *PWORK_REQUEST;

typedef struct _WORKER_CONTEXT {
	KSPIN_LOCK QueueLock;
	LIST_ENTRY QueueHead;
	KSEMAPHORE QueueSemaphore;
	KEVENT StopEvent;
	KTIMER Timer;
	KDPC TimerDpc;
	ERESOURCE StatsResource;
	ULONG Processed;
	ULONG TimerRequests;
	LONG TickQueued;
	LARGE_INTEGER BusyTicks;
	PETHREAD WorkerThread;
	UNICODE_STRING Name;
	WORK_REQUEST Requests[WORKER_REQUESTS];
	WORK_REQUEST TickRequest;
} WORKER_CONTEXT, *PWORKER_CONTEXT;

static WORKER_CONTEXT WorkerContext;

_IRQL_requires_max_(DISPATCH_LEVEL)
static VOID WorkerQueueRequest(_Inout_ PWORKER_CONTEXT Context,
			       _Inout_ PWORK_REQUEST Request)
{
	ExInterlockedInsertTailList(&Context->QueueHead, &Request->ListEntry,
				    &Context->QueueLock);
	KeReleaseSemaphore(&Context->QueueSemaphore, IO_NO_INCREMENT, 1, FALSE);
}

_Function_class_(KDEFERRED_ROUTINE)
_IRQL_requires_(DISPATCH_LEVEL)
static VOID WorkerTimerDpc(_In_ PKDPC Dpc, _In_opt_ PVOID DeferredContext,
			   _In_opt_ PVOID SystemArgument1,
			   _In_opt_ PVOID SystemArgument2)
{
	PWORKER_CONTEXT context = (PWORKER_CONTEXT)DeferredContext;

	UNREFERENCED_PARAMETER(Dpc);
	UNREFERENCED_PARAMETER(SystemArgument1);
	UNREFERENCED_PARAMETER(SystemArgument2);
	NT_ASSERT(KeGetCurrentIrql() == DISPATCH_LEVEL);

	/* One timer request in the queue at a time. */
	if (InterlockedCompareExchange(&context->TickQueued, 1, 0) != 0)
		return;
	KeAcquireSpinLockAtDpcLevel(&context->QueueLock);
	InsertTailList(&context->QueueHead, &context->TickRequest.ListEntry);
	KeReleaseSpinLockFromDpcLevel(&context->QueueLock);
	KeReleaseSemaphore(&context->QueueSemaphore, IO_NO_INCREMENT, 1, FALSE);
}

_IRQL_requires_(PASSIVE_LEVEL)
static VOID WorkerProcessRequest(_Inout_ PWORKER_CONTEXT Context,
				 _In_ PWORK_REQUEST Request)
{
	LARGE_INTEGER start, end;

	PAGED_CODE();
	start = KeQueryPerformanceCounter(NULL);

	KeEnterCriticalRegion();
	ExAcquireResourceExclusiveLite(&Context->StatsResource, TRUE);
	Context->Processed++;
	if (Request->FromTimer)
		Context->TimerRequests++;
	ExReleaseResourceLite(&Context->StatsResource);
	KeLeaveCriticalRegion();

	if (!Request->FromTimer)
		KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
			   "example_worker: %wZ processed request %lu\n",
			   &Context->Name, Request->Sequence));
	else
		InterlockedExchange(&Context->TickQueued, 0);

	end = KeQueryPerformanceCounter(NULL);
	Context->BusyTicks.QuadPart += end.QuadPart - start.QuadPart;
}

_Function_class_(KSTART_ROUTINE)
_IRQL_requires_(PASSIVE_LEVEL)
static VOID WorkerThread(_In_ PVOID StartContext)
{
	PWORKER_CONTEXT context = (PWORKER_CONTEXT)StartContext;
	PVOID objects[2] = { &context->StopEvent, &context->QueueSemaphore };
	KLOCK_QUEUE_HANDLE lockHandle;
	PLIST_ENTRY entry;
	NTSTATUS status;

	PAGED_CODE();
	for (;;) {
		status = KeWaitForMultipleObjects(ARRAYSIZE(objects), objects,
						  WaitAny, Executive, KernelMode,
						  FALSE, NULL, NULL);
		if (status == STATUS_WAIT_0)
			break;

		KeAcquireInStackQueuedSpinLock(&context->QueueLock, &lockHandle);
		entry = IsListEmpty(&context->QueueHead) ? NULL :
			RemoveHeadList(&context->QueueHead);
		KeReleaseInStackQueuedSpinLock(&lockHandle);
		if (entry)
			WorkerProcessRequest(context,
					     CONTAINING_RECORD(entry, WORK_REQUEST,
							       ListEntry));
	}
	PsTerminateSystemThread(STATUS_SUCCESS);
}

static int __init example_worker_init(void)
{
	PWORKER_CONTEXT context = &WorkerContext;
	LARGE_INTEGER dueTime;
	HANDLE threadHandle;
	NTSTATUS status;
	ULONG i;

	RtlZeroMemory(context, sizeof(*context));
	RtlInitUnicodeString(&context->Name, L"\\Device\\ExampleWorker");
	KeInitializeSpinLock(&context->QueueLock);
	InitializeListHead(&context->QueueHead);
	KeInitializeSemaphore(&context->QueueSemaphore, 0, MAXLONG);
	KeInitializeEvent(&context->StopEvent, NotificationEvent, FALSE);
	status = ExInitializeResourceLite(&context->StatsResource);
	if (!NT_SUCCESS(status))
		return -EINVAL;
	context->TickRequest.FromTimer = TRUE;

	status = PsCreateSystemThread(&threadHandle, THREAD_ALL_ACCESS, NULL,
				      NULL, NULL, WorkerThread, context);
	if (!NT_SUCCESS(status)) {
		DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
			   "example_worker: PsCreateSystemThread failed: 0x%08X\n",
			   status);
		ExDeleteResourceLite(&context->StatsResource);
		return -ENOMEM;
	}
	ObReferenceObjectByHandle(threadHandle, SYNCHRONIZE, *PsThreadType,
				  KernelMode, &context->WorkerThread, NULL);
	ZwClose(threadHandle);

	KeInitializeDpc(&context->TimerDpc, WorkerTimerDpc, context);
	KeInitializeTimerEx(&context->Timer, NotificationTimer);
	dueTime.QuadPart = -10000LL * WORKER_TIMER_PERIOD_MS;
	KeSetTimerEx(&context->Timer, dueTime, WORKER_TIMER_PERIOD_MS,
		     &context->TimerDpc);

	for (i = 0; i < WORKER_REQUESTS; i++) {
		context->Requests[i].Sequence = i;
		WorkerQueueRequest(context, &context->Requests[i]);
	}
	DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
		   "example_worker: %ws started, %lu requests queued\n",
		   context->Name.Buffer, (ULONG)WORKER_REQUESTS);
	return 0;
}

static void __exit example_worker_exit(void)
{
	PWORKER_CONTEXT context = &WorkerContext;
	LARGE_INTEGER frequency, now;
	TIME_FIELDS fields;
	ULONG processed, fromTimer;

	KeCancelTimer(&context->Timer);
	KeFlushQueuedDpcs();
	KeSetEvent(&context->StopEvent, IO_NO_INCREMENT, FALSE);
	KeWaitForSingleObject(context->WorkerThread, Executive, KernelMode,
			      FALSE, NULL);
	ObDereferenceObject(context->WorkerThread);

	ExAcquireResourceSharedLite(&context->StatsResource, TRUE);
	processed = context->Processed;
	fromTimer = context->TimerRequests;
	ExReleaseResourceLite(&context->StatsResource);
	ExDeleteResourceLite(&context->StatsResource);

	KeQueryPerformanceCounter(&frequency);
	KeQuerySystemTimePrecise(&now);
	RtlTimeToTimeFields(&now, &fields);
	DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
		   "example_worker: stopped at %04d-%02d-%02d %02d:%02d:%02d UTC: %lu requests (%lu from the timer), busy %I64u us\n",
		   fields.Year, fields.Month, fields.Day, fields.Hour,
		   fields.Minute, fields.Second, processed, fromTimer,
		   context->BusyTicks.QuadPart * 1000000 / frequency.QuadPart);
}

module_init(example_worker_init);
module_exit(example_worker_exit);
MODULE_DESCRIPTION("ntthread example: a Windows-style worker thread with a queue, a timer and an ERESOURCE");
MODULE_LICENSE("GPL");
