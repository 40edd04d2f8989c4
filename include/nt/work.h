/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System worker threads (ExQueueWorkItem) and thread notify routines
 * (PsSetCreateThreadNotifyRoutine), as the WDK declares them.
 */
#ifndef _NT_WORK_H
#define _NT_WORK_H

#include <nt/types.h>

/* The queues; NormalWorkQueue and later are Windows 7's additions. */
typedef enum _WORK_QUEUE_TYPE {
	CriticalWorkQueue,
	DelayedWorkQueue,
	HyperCriticalWorkQueue,
	NormalWorkQueue,
	BackgroundWorkQueue,
	RealTimeWorkQueue,
	SuperCriticalWorkQueue,
	MaximumWorkQueue,
	CustomPriorityWorkQueue = 32
} WORK_QUEUE_TYPE;

typedef VOID WORKER_THREAD_ROUTINE(PVOID Parameter);
typedef WORKER_THREAD_ROUTINE *PWORKER_THREAD_ROUTINE;

/* List.Flink is NULL while the item is not queued. */
typedef struct _WORK_QUEUE_ITEM {
	LIST_ENTRY List;
	PWORKER_THREAD_ROUTINE WorkerRoutine;
	PVOID Parameter;
} WORK_QUEUE_ITEM, *PWORK_QUEUE_ITEM;

static inline VOID ExInitializeWorkItem(PWORK_QUEUE_ITEM Item,
					PWORKER_THREAD_ROUTINE Routine,
					PVOID Context)
{
	Item->WorkerRoutine = Routine;
	Item->Parameter = Context;
	Item->List.Flink = NULL;
}

VOID ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem, WORK_QUEUE_TYPE QueueType);

typedef VOID (*PCREATE_THREAD_NOTIFY_ROUTINE)(HANDLE ProcessId,
					      HANDLE ThreadId, BOOLEAN Create);

typedef enum _PSCREATETHREADNOTIFYTYPE {
	PsCreateThreadNotifyNonSystem = 0,
	PsCreateThreadNotifySubsystems = 1
} PSCREATETHREADNOTIFYTYPE;

NTSTATUS PsSetCreateThreadNotifyRoutine(PCREATE_THREAD_NOTIFY_ROUTINE NotifyRoutine);
NTSTATUS PsSetCreateThreadNotifyRoutineEx(PSCREATETHREADNOTIFYTYPE NotifyType,
					  PVOID NotifyInformation);
NTSTATUS PsRemoveCreateThreadNotifyRoutine(PCREATE_THREAD_NOTIFY_ROUTINE NotifyRoutine);

#endif /* _NT_WORK_H */
