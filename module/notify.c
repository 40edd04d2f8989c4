// SPDX-License-Identifier: GPL-2.0
/*
 * Thread notify routines (WRK's PspCreateThreadNotifyRoutine[]): up to 64
 * routines, each called with (PID 4, TID, TRUE) in the creating thread
 * when a layer thread is created and with (4, TID, FALSE) in the thread
 * when it exits, at PASSIVE_LEVEL.  A routine registered twice has two
 * slots and is called twice; removal frees one slot.
 *
 * The calls read the slots under SRCU, so a routine may create threads,
 * or register and remove routines, itself; removal waits for the calls
 * in progress, after which the driver may go.  A driver unloaded with a
 * routine still registered (Windows' Driver Verifier bug checks) has it
 * removed, with a warning, before its code goes.
 *
 * Adopted threads (adopt.c) call no routine: they have no creation, and
 * they end in do_exit() with preemption disabled, where no routine may
 * run at PASSIVE_LEVEL.  So PsCreateThreadNotifyNonSystem routines, which
 * Windows calls for user threads only, are never called.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/srcu.h>

#include "ke.h"
#include "notify.h"
#include "report.h"

#define NT_NOTIFY_ROUTINES	64

/**
 * struct nt_notify_slot - a registered routine
 * @routine: NULL while the slot is free
 * @non_system: called for non-system threads only (none here)
 */
struct nt_notify_slot {
	PCREATE_THREAD_NOTIFY_ROUTINE routine;
	bool non_system;
};

static struct nt_notify_slot nt_notify_slots[NT_NOTIFY_ROUTINES];
static DEFINE_MUTEX(nt_notify_lock);	/* serialises changes to the slots */
DEFINE_STATIC_SRCU(nt_notify_srcu);

/* Call every routine for a layer thread's creation or exit. */
void nt_notify_thread(HANDLE pid, HANDLE tid, BOOLEAN create)
{
	PCREATE_THREAD_NOTIFY_ROUTINE routine;
	unsigned int i;
	int idx;

	idx = srcu_read_lock(&nt_notify_srcu);
	for (i = 0; i < NT_NOTIFY_ROUTINES; i++) {
		routine = READ_ONCE(nt_notify_slots[i].routine);
		/* Every layer thread is a system thread. */
		if (routine && !READ_ONCE(nt_notify_slots[i].non_system))
			routine(pid, tid, create);
	}
	srcu_read_unlock(&nt_notify_srcu, idx);
}

static NTSTATUS nt_notify_add(PCREATE_THREAD_NOTIFY_ROUTINE routine,
			      bool non_system)
{
	NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
	unsigned int i;

	if (!routine)
		return STATUS_INVALID_PARAMETER;
	if (!nt_at_passive()) {
		nt_wrong_irql_once();
		return STATUS_INVALID_DEVICE_STATE;
	}
	mutex_lock(&nt_notify_lock);
	for (i = 0; i < NT_NOTIFY_ROUTINES; i++) {
		if (!nt_notify_slots[i].routine) {
			WRITE_ONCE(nt_notify_slots[i].non_system, non_system);
			/* Published last: a reader that sees it sees the flag. */
			smp_store_release(&nt_notify_slots[i].routine, routine);
			status = STATUS_SUCCESS;
			break;
		}
	}
	mutex_unlock(&nt_notify_lock);
	return status;
}

/**
 * PsSetCreateThreadNotifyRoutine() - register a thread notify routine
 * @NotifyRoutine: called with (ProcessId, ThreadId, Create) at
 *		   PASSIVE_LEVEL: in the creating thread when a thread is
 *		   created, in the thread itself when it exits
 *
 * Only the layer's threads (PsCreateSystemThread()'s, the system workers')
 * are reported, not adopted ones (see notify.c).  The same routine may be
 * registered more than once, and is then called as often.
 *
 * Context: process context, may sleep (PASSIVE_LEVEL).
 * Return: STATUS_SUCCESS; STATUS_INSUFFICIENT_RESOURCES when 64 routines
 * are registered; STATUS_INVALID_PARAMETER for NULL;
 * STATUS_INVALID_DEVICE_STATE in atomic context.
 */
NTSTATUS PsSetCreateThreadNotifyRoutine(PCREATE_THREAD_NOTIFY_ROUTINE NotifyRoutine)
{
	return nt_notify_add(NotifyRoutine, false);
}
EXPORT_SYMBOL_GPL(PsSetCreateThreadNotifyRoutine);

/**
 * PsSetCreateThreadNotifyRoutineEx() - register a thread notify routine, typed
 * @NotifyType: PsCreateThreadNotifyNonSystem (the routine is called for
 *		non-system threads only: never, here, as every thread this
 *		layer reports is a system thread) or
 *		PsCreateThreadNotifySubsystems (called for every thread, as
 *		by PsSetCreateThreadNotifyRoutine())
 * @NotifyInformation: the PCREATE_THREAD_NOTIFY_ROUTINE
 *
 * Context: process context, may sleep (PASSIVE_LEVEL).
 * Return: as PsSetCreateThreadNotifyRoutine(); STATUS_INVALID_PARAMETER
 * for another @NotifyType too.
 */
NTSTATUS PsSetCreateThreadNotifyRoutineEx(PSCREATETHREADNOTIFYTYPE NotifyType,
					  PVOID NotifyInformation)
{
	if (NotifyType != PsCreateThreadNotifyNonSystem &&
	    NotifyType != PsCreateThreadNotifySubsystems)
		return STATUS_INVALID_PARAMETER;
	return nt_notify_add(NotifyInformation,
			     NotifyType == PsCreateThreadNotifyNonSystem);
}
EXPORT_SYMBOL_GPL(PsSetCreateThreadNotifyRoutineEx);

/* Free the first slot of @routine, or of one in @mod; false if none. */
static bool nt_notify_remove(PCREATE_THREAD_NOTIFY_ROUTINE routine,
			     struct module *mod)
{
	PCREATE_THREAD_NOTIFY_ROUTINE found;
	unsigned int i;

	mutex_lock(&nt_notify_lock);
	for (i = 0; i < NT_NOTIFY_ROUTINES; i++) {
		found = nt_notify_slots[i].routine;
		if (found && (mod ? within_module((unsigned long)found, mod) :
				    found == routine))
			break;
	}
	if (i < NT_NOTIFY_ROUTINES) {
		WRITE_ONCE(nt_notify_slots[i].routine, NULL);
		if (mod)
			pr_warn("module %s is going away with thread notify routine %pS registered: removing it\n",
				mod->name, found);
	}
	mutex_unlock(&nt_notify_lock);
	if (i == NT_NOTIFY_ROUTINES)
		return false;
	/* Calls in progress end before the routine's code may go. */
	synchronize_srcu_expedited(&nt_notify_srcu);
	return true;
}

/**
 * PsRemoveCreateThreadNotifyRoutine() - unregister a thread notify routine
 * @NotifyRoutine: a routine registered before
 *
 * Removes one registration; returns once no call of it is in progress.
 *
 * Context: process context, may sleep (PASSIVE_LEVEL).
 * Return: STATUS_SUCCESS; STATUS_PROCEDURE_NOT_FOUND for a routine that
 * is not registered (NULL included); STATUS_INVALID_DEVICE_STATE in
 * atomic context.
 */
NTSTATUS PsRemoveCreateThreadNotifyRoutine(PCREATE_THREAD_NOTIFY_ROUTINE NotifyRoutine)
{
	if (!nt_at_passive()) {
		nt_wrong_irql_once();
		return STATUS_INVALID_DEVICE_STATE;
	}
	if (!NotifyRoutine || !nt_notify_remove(NotifyRoutine, NULL))
		return STATUS_PROCEDURE_NOT_FOUND;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(PsRemoveCreateThreadNotifyRoutine);

/* A driver that goes with a routine registered: remove each of its own. */
static int nt_notify_module_notify(struct notifier_block *nb,
				   unsigned long action, void *data)
{
	if (action == MODULE_STATE_GOING)
		while (nt_notify_remove(NULL, data))
			;
	return NOTIFY_DONE;
}

static struct notifier_block nt_notify_module_nb = {
	.notifier_call = nt_notify_module_notify,
};

int nt_notify_init(void)
{
	return register_module_notifier(&nt_notify_module_nb);
}

/* Module exit: the drivers that registered routines are gone. */
void nt_notify_exit(void)
{
	unregister_module_notifier(&nt_notify_module_nb);
}
