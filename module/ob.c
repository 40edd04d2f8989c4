// SPDX-License-Identifier: GPL-2.0
/*
 * Object manager: object headers and the type registry, reference counts,
 * the kernel handle table, and the handle routines drivers call
 * (ObReferenceObjectByHandle, ZwClose, ZwWaitForSingleObject, ...).
 *
 * Every handle is a kernel handle in the one kernel handle table (NT's
 * ObpKernelHandleTable, the System process's): this layer has no
 * user-mode processes, so a handle without the kernel bit (or presented
 * by a UserMode caller) names no table and is invalid.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "ke.h"
#include "ob.h"
#include "report.h"
#include "stats.h"
#include "trace.h"

#define NT_KERNEL_HANDLE_BITS	0xFFFFFFFF80000000UL
#define NT_OB_TYPES_MAX		8

static struct nt_handle_table nt_ob_handles;

/*
 * The registered types.  Written only at module init and exit, when no
 * driver can call in; read without a lock.
 */
static struct nt_object_type *nt_ob_types[NT_OB_TYPES_MAX];
static unsigned int nt_ob_type_count;

static void nt_ob_free_rcu(struct rcu_head *rcu)
{
	struct nt_object_header *header =
		container_of(rcu, struct nt_object_header, rcu);

	kmem_cache_free(header->type->cache, header);
}

/* Delete the body; free the memory after a grace period. */
static void nt_ob_delete(struct nt_object_header *header)
{
	trace_ntthread_object_free(nt_ob_body(header), header->type->name);
	if (header->type->delete)
		header->type->delete(nt_ob_body(header));
	atomic_long_dec(&header->type->live);
	call_rcu(&header->rcu, nt_ob_free_rcu);
}

/*
 * Objects whose last reference went in atomic context, deleted by a
 * worker (NT's ObpDeferObjectDeletion).
 */
static LLIST_HEAD(nt_ob_deferred);

static void nt_ob_delete_deferred(struct work_struct *work)
{
	struct nt_object_header *header, *next;

	llist_for_each_entry_safe(header, next, llist_del_all(&nt_ob_deferred),
				  deferred)
		nt_ob_delete(header);
}

static DECLARE_WORK(nt_ob_deferred_work, nt_ob_delete_deferred);

/**
 * nt_ob_type_register() - make a type known, with its slab cache
 * @type: the type; its @cache_name (if any) names the cache
 *
 * Context: module init, process context.
 * Return: 0, -ENOMEM, or -ENOSPC when NT_OB_TYPES_MAX types exist.
 */
int nt_ob_type_register(struct nt_object_type *type)
{
	if (nt_ob_type_count == NT_OB_TYPES_MAX)
		return -ENOSPC;
	if (type->cache_name) {
		type->cache = kmem_cache_create(type->cache_name,
						sizeof(struct nt_object_header) +
						type->body_size, 0, SLAB_ACCOUNT,
						NULL);
		if (!type->cache)
			return -ENOMEM;
	}
	atomic_long_set(&type->live, 0);
	nt_ob_types[nt_ob_type_count++] = type;
	return 0;
}

/**
 * nt_ob_type_unregister() - forget a type and destroy its cache
 * @type: the last type registered that is still registered
 *
 * Context: module exit, process context; waits for deferred deletions and
 * for the RCU callbacks that free objects.
 */
void nt_ob_type_unregister(struct nt_object_type *type)
{
	if (WARN_ON(!nt_ob_type_count ||
		    nt_ob_types[nt_ob_type_count - 1] != type))
		return;
	nt_ob_types[--nt_ob_type_count] = NULL;
	flush_work(&nt_ob_deferred_work);
	rcu_barrier();		/* objects are freed by RCU callbacks */
	kmem_cache_destroy(type->cache);
	type->cache = NULL;
}

/* Call @fn for each registered type, in registration order. */
void nt_ob_walk_types(void (*fn)(struct nt_object_type *type, void *arg),
		      void *arg)
{
	unsigned int i;

	for (i = 0; i < nt_ob_type_count; i++)
		fn(nt_ob_types[i], arg);
}

static __always_inline bool nt_ob_type_known(const struct nt_object_type *type)
{
	unsigned int i;

	for (i = 0; i < nt_ob_type_count; i++)
		if (nt_ob_types[i] == type && type->cache)
			return true;
	return false;
}

/* Allocate a zeroed object of @type with one reference; NULL on failure. */
void *nt_ob_create(struct nt_object_type *type)
{
	struct nt_object_header *header;

	header = kmem_cache_zalloc(type->cache, GFP_KERNEL);
	if (!header)
		return NULL;
	refcount_set(&header->pointer_count, 1);
	header->type = type;
	atomic_long_inc(&type->live);
	return nt_ob_body(header);
}

/*
 * The last reference to an object its type says is in use (the System
 * process, a running thread) is kept, with one warning: the driver
 * dropped one reference too many.  Windows only leaks there, or bug
 * checks; freeing would pull the object from under its user.
 */
bool nt_ob_keep_last(struct nt_object_header *header)
{
	if (!header->type->in_use || !header->type->in_use(nt_ob_body(header)))
		return false;
	nt_bugcheck_once("%s object %p in use lost its last reference",
			 header->type->name, nt_ob_body(header));
	return true;
}

/* The last reference is gone: delete now, or from a worker if atomic. */
void nt_ob_free(struct nt_object_header *header)
{
	if (nt_at_passive()) {
		nt_ob_delete(header);
		return;
	}
	if (llist_add(&header->deferred, &nt_ob_deferred))
		schedule_work(&nt_ob_deferred_work);
}

/* Is @body an object of one of our types?  Drivers may pass anything. */
static __always_inline struct nt_object_header *nt_ob_checked(const void *body)
{
	if (!nt_ob_type_known(nt_ob_type_of(body)))
		return NULL;
	return nt_ob_header(body);
}

/**
 * nt_ob_map_access() - turn a desired access into the access to grant
 * @type: the object type
 * @desired: the caller's DesiredAccess
 *
 * MAXIMUM_ALLOWED becomes GENERIC_ALL, generic rights are mapped through
 * the type's mapping, and the result is masked with the type's valid rights.
 *
 * Return: the access mask.
 */
ACCESS_MASK nt_ob_map_access(const struct nt_object_type *type,
			     ACCESS_MASK desired)
{
	ACCESS_MASK access = desired;

	if (access & MAXIMUM_ALLOWED)
		access |= GENERIC_ALL;
	if (access & GENERIC_READ)
		access |= type->mapping.GenericRead;
	if (access & GENERIC_WRITE)
		access |= type->mapping.GenericWrite;
	if (access & GENERIC_EXECUTE)
		access |= type->mapping.GenericExecute;
	if (access & GENERIC_ALL)
		access |= type->mapping.GenericAll;
	return access & type->valid_access;
}

/* The value of the kernel handle that entry @index is. */
HANDLE nt_ob_kernel_handle(u32 index)
{
	return (HANDLE)(NT_KERNEL_HANDLE_BITS | ((unsigned long)index << 2));
}

/* The kernel handle table, for the debugfs views and the tests. */
struct nt_handle_table *nt_ob_kernel_handle_table(void)
{
	return &nt_ob_handles;
}

/**
 * nt_handle_index() - the kernel handle table index a handle value names
 * @handle: the handle value
 *
 * The two low tag bits are ignored.  Pseudo-handles and handles without
 * the sign-extended kernel bit name no entry.
 *
 * Return: the index, or 0 if @handle names no entry.
 */
static u32 nt_handle_index(HANDLE handle)
{
	unsigned long value = (unsigned long)handle;

	if (handle == NtCurrentProcess() || handle == NtCurrentThread())
		return 0;
	if ((value & NT_KERNEL_HANDLE_BITS) != NT_KERNEL_HANDLE_BITS)
		return 0;
	return (value & ~NT_KERNEL_HANDLE_BITS) >> 2;
}

/**
 * nt_ob_insert_handle() - open a kernel handle to an object
 * @body: the object; the handle takes a reference of its own
 * @granted: the access the handle grants
 * @handle: receives the handle
 * @pages_added: if not NULL, incremented by the table pages added
 *
 * Context: process context, may sleep.
 * Return: STATUS_SUCCESS, or STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS nt_ob_insert_handle(void *body, ACCESS_MASK granted, PHANDLE handle,
			     unsigned long *pages_added)
{
	struct nt_object_header *header = nt_ob_header(body);
	u32 index;

	refcount_inc(&header->pointer_count);
	if (nt_handle_insert(&nt_ob_handles, header, granted, &index,
			     pages_added)) {
		nt_ob_put(header);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	atomic_inc(&header->handle_count);
	nt_stat_inc(NT_CTR_HANDLES_OPEN);
	*handle = nt_ob_kernel_handle(index);
	trace_ntthread_handle_create((unsigned long)*handle, header->type->name,
				     granted);
	return STATUS_SUCCESS;
}

/* Resolve a pseudo-handle to a referenced object, or NULL. */
static struct nt_object_header *nt_ob_pseudo(HANDLE handle)
{
	unsigned int i;
	void *body;

	for (i = 0; i < nt_ob_type_count; i++) {
		struct nt_object_type *type = nt_ob_types[i];

		if (!type->pseudo_handle || handle != type->pseudo_handle)
			continue;
		body = type->resolve();
		if (body && nt_ob_tryget(nt_ob_header(body)))
			return nt_ob_header(body);
		return NULL;
	}
	return NULL;
}

/* The function itself, not api.h's macro for MSVC-style callers. */
#undef ObReferenceObjectByHandle

/**
 * ObReferenceObjectByHandle() - reference the object a handle names
 * @Handle: a kernel handle, NtCurrentThread() or NtCurrentProcess()
 * @DesiredAccess: the access the caller needs (checked for UserMode)
 * @ObjectType: the expected type (*PsThreadType, ...), or NULL for any
 * @AccessMode: KernelMode, or UserMode (a kernel handle is then invalid)
 * @Object: receives the object (NULL on failure)
 * @HandleInformation: if not NULL, receives the granted access
 *
 * The reference taken must be dropped with ObDereferenceObject().
 * NtCurrentThread() names the calling thread only in a thread this layer
 * created.
 *
 * Context: any context; does not sleep (Windows: IRQL <= DISPATCH_LEVEL).
 * Return: STATUS_SUCCESS; STATUS_INVALID_HANDLE for a null, closed,
 * unknown or non-kernel handle, or a kernel handle from UserMode;
 * STATUS_OBJECT_TYPE_MISMATCH; STATUS_ACCESS_DENIED (UserMode only);
 * STATUS_INVALID_PARAMETER if @Object is NULL or @AccessMode is invalid.
 */
NTSTATUS ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
				   POBJECT_TYPE ObjectType,
				   KPROCESSOR_MODE AccessMode, PVOID *Object,
				   POBJECT_HANDLE_INFORMATION HandleInformation)
{
	struct nt_object_header *header;
	ACCESS_MASK granted;
	u32 index;

	if (!Object)
		return STATUS_INVALID_PARAMETER;
	*Object = NULL;
	if (AccessMode != KernelMode && AccessMode != UserMode)
		return STATUS_INVALID_PARAMETER;

	index = nt_handle_index(Handle);
	if (index) {
		if (AccessMode == UserMode)
			return STATUS_INVALID_HANDLE;
		header = nt_ob_lookup(&nt_ob_handles, index, &granted);
	} else {
		header = nt_ob_pseudo(Handle);
		granted = header ? header->type->valid_access : 0;
	}
	if (!header)
		return STATUS_INVALID_HANDLE;

	if (ObjectType && header->type != ObjectType) {
		nt_ob_put(header);
		return STATUS_OBJECT_TYPE_MISMATCH;
	}
	if (AccessMode == UserMode &&
	    (nt_ob_map_access(header->type, DesiredAccess) & ~granted)) {
		nt_ob_put(header);
		return STATUS_ACCESS_DENIED;
	}
	if (HandleInformation) {
		HandleInformation->HandleAttributes = 0;
		HandleInformation->GrantedAccess = granted;
	}
	*Object = nt_ob_body(header);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(ObReferenceObjectByHandle);

/**
 * ObReferenceObjectByPointer() - take a reference, checking the type
 * @Object: an object the caller already holds a reference to
 * @DesiredAccess: unused for kernel objects (kept for the NT signature)
 * @ObjectType: the expected type, or NULL for any
 * @AccessMode: KernelMode or UserMode
 *
 * Context: any context.
 * Return: STATUS_SUCCESS; STATUS_OBJECT_TYPE_MISMATCH; STATUS_INVALID_PARAMETER
 * for a NULL, unknown or dying object, or an invalid @AccessMode.
 */
NTSTATUS ObReferenceObjectByPointer(PVOID Object, ACCESS_MASK DesiredAccess,
				    POBJECT_TYPE ObjectType,
				    KPROCESSOR_MODE AccessMode)
{
	struct nt_object_header *header = nt_ob_checked(Object);

	if (!header || (AccessMode != KernelMode && AccessMode != UserMode)) {
		nt_bugcheck_once("bad object %p or mode %d", Object, AccessMode);
		return STATUS_INVALID_PARAMETER;
	}
	if (ObjectType && header->type != ObjectType)
		return STATUS_OBJECT_TYPE_MISMATCH;
	if (!nt_ob_tryget(header)) {
		nt_bugcheck_once("object %p has no reference left", Object);
		return STATUS_INVALID_PARAMETER;
	}
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(ObReferenceObjectByPointer);

/**
 * ObfReferenceObject() - take a reference (ObReferenceObject)
 * @Object: an object the caller already holds a reference to
 *
 * Context: any context.
 * Return: the new reference count; 0 (and nothing taken) for a NULL,
 * unknown or dying object.
 */
LONG_PTR ObfReferenceObject(PVOID Object)
{
	struct nt_object_header *header = nt_ob_checked(Object);

	if (!header || !nt_ob_tryget(header)) {
		nt_bugcheck_once("bad object %p", Object);
		return 0;
	}
	return refcount_read(&header->pointer_count);
}
EXPORT_SYMBOL_GPL(ObfReferenceObject);

/**
 * ObfDereferenceObject() - drop a reference (ObDereferenceObject)
 * @Object: the object; the last reference (and no handle) frees it
 *
 * Context: any context, including atomic context; never sleeps.
 * Return: the reference count after the call, as seen by this caller
 * (another thread may change it at once); 0 for a NULL or unknown object.
 */
LONG_PTR ObfDereferenceObject(PVOID Object)
{
	struct nt_object_header *header = nt_ob_checked(Object);
	LONG_PTR left;

	if (!header) {
		nt_bugcheck_once("bad object %p", Object);
		return 0;
	}
	left = refcount_read(&header->pointer_count) - 1;
	nt_ob_put(header);
	return left;
}
EXPORT_SYMBOL_GPL(ObfDereferenceObject);

/**
 * ObOpenObjectByPointer() - open a kernel handle to an object
 * @Object: the object
 * @HandleAttributes: OBJ_* flags; OBJ_KERNEL_HANDLE is implied
 * @PassedAccessState: must be NULL
 * @DesiredAccess: mapped to the handle's granted access
 * @ObjectType: the expected type, or NULL for any
 * @AccessMode: KernelMode (no user-mode handle tables exist here)
 * @Handle: receives the handle (NULL on failure)
 *
 * Context: process context, may sleep (PASSIVE_LEVEL).
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER (NULL @Object or
 * @Handle, unknown attribute, OBJ_PERMANENT/OBJ_EXCLUSIVE/OBJ_OPENIF,
 * invalid @AccessMode, dying object); STATUS_OBJECT_TYPE_MISMATCH;
 * STATUS_NOT_SUPPORTED (@PassedAccessState, or UserMode);
 * STATUS_INSUFFICIENT_RESOURCES; STATUS_INVALID_DEVICE_STATE in atomic
 * context.
 */
NTSTATUS ObOpenObjectByPointer(PVOID Object, ULONG HandleAttributes,
			       PACCESS_STATE PassedAccessState,
			       ACCESS_MASK DesiredAccess,
			       POBJECT_TYPE ObjectType,
			       KPROCESSOR_MODE AccessMode, PHANDLE Handle)
{
	struct nt_object_header *header = nt_ob_checked(Object);
	NTSTATUS status;

	if (!nt_at_passive()) {
		nt_wrong_irql_once();
		return STATUS_INVALID_DEVICE_STATE;
	}
	if (!Handle)
		return STATUS_INVALID_PARAMETER;
	*Handle = NULL;
	if (!header || (HandleAttributes & ~OBJ_VALID_ATTRIBUTES) ||
	    (HandleAttributes & (OBJ_PERMANENT | OBJ_EXCLUSIVE | OBJ_OPENIF)) ||
	    (AccessMode != KernelMode && AccessMode != UserMode))
		return STATUS_INVALID_PARAMETER;
	if (PassedAccessState || AccessMode == UserMode)
		return STATUS_NOT_SUPPORTED;
	if (ObjectType && header->type != ObjectType)
		return STATUS_OBJECT_TYPE_MISMATCH;
	if (!nt_ob_tryget(header))
		return STATUS_INVALID_PARAMETER;
	status = nt_ob_insert_handle(Object,
				     nt_ob_map_access(header->type, DesiredAccess),
				     Handle, NULL);
	nt_ob_put(header);
	return status;
}
EXPORT_SYMBOL_GPL(ObOpenObjectByPointer);

/**
 * ObCloseHandle() - close a handle
 * @Handle: a kernel handle
 * @PreviousMode: KernelMode, or UserMode (a kernel handle is then invalid)
 *
 * Closing drops the handle's reference; the object goes when no handle or
 * reference is left.  Closing a handle twice is safe: the second close
 * reports STATUS_INVALID_HANDLE (unless the slot was reused meanwhile, as
 * on Windows).
 *
 * Context: any context; never sleeps (Windows: PASSIVE_LEVEL).
 * Return: STATUS_SUCCESS; STATUS_INVALID_HANDLE for a null, pseudo, tag-only,
 * closed or unknown handle, or a kernel handle from UserMode (Windows bug
 * checks 0x93 under a debugger: logged once here);
 * STATUS_INVALID_PARAMETER for an invalid @PreviousMode.
 */
NTSTATUS ObCloseHandle(HANDLE Handle, KPROCESSOR_MODE PreviousMode)
{
	struct nt_object_header *header;
	ACCESS_MASK access;
	u32 index;

	if (PreviousMode != KernelMode && PreviousMode != UserMode)
		return STATUS_INVALID_PARAMETER;
	index = nt_handle_index(Handle);
	if (!index || PreviousMode == UserMode)
		header = NULL;
	else
		header = nt_handle_remove(&nt_ob_handles, index, &access);
	if (!header) {
		nt_bugcheck_once("invalid handle 0x%lx from %pS",
				 (unsigned long)Handle,
				 __builtin_return_address(0));
		return STATUS_INVALID_HANDLE;
	}
	trace_ntthread_handle_close((unsigned long)Handle, header->type->name,
				    access);
	atomic_dec(&header->handle_count);
	nt_stat_dec(NT_CTR_HANDLES_OPEN);
	nt_ob_put(header);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(ObCloseHandle);

/**
 * ZwClose() - close a kernel handle: ObCloseHandle(@Handle, KernelMode)
 * @Handle: the handle
 *
 * Context: any context; never sleeps.
 * Return: as ObCloseHandle().
 */
NTSTATUS ZwClose(HANDLE Handle)
{
	return ObCloseHandle(Handle, KernelMode);
}
EXPORT_SYMBOL_GPL(ZwClose);

/**
 * NtClose() - close a handle; kernel callers' previous mode is KernelMode
 * @Handle: the handle
 *
 * Context: any context; never sleeps.
 * Return: as ObCloseHandle().
 */
NTSTATUS NtClose(HANDLE Handle)
{
	return ObCloseHandle(Handle, KernelMode);
}
EXPORT_SYMBOL_GPL(NtClose);

/**
 * ZwWaitForSingleObject() - wait for the object a handle names
 * @Handle: a kernel handle (or NtCurrentThread()/NtCurrentProcess())
 * @Alertable: accepted; never STATUS_ALERTED here
 * @Timeout: as for KeWaitForMultipleObjects()
 *
 * Context: process context and may sleep (PASSIVE_LEVEL).
 * Return: as KeWaitForSingleObject(), or the status of
 * ObReferenceObjectByHandle() (STATUS_INVALID_HANDLE, ...).
 */
NTSTATUS ZwWaitForSingleObject(HANDLE Handle, BOOLEAN Alertable,
			       PLARGE_INTEGER Timeout)
{
	NTSTATUS status;
	PVOID object;

	status = ObReferenceObjectByHandle(Handle, SYNCHRONIZE, NULL,
					   KernelMode, &object, NULL);
	if (!NT_SUCCESS(status))
		return status;
	status = KeWaitForSingleObject(object, Executive, KernelMode,
				       Alertable, Timeout);
	ObDereferenceObject(object);
	return status;
}
EXPORT_SYMBOL_GPL(ZwWaitForSingleObject);

/**
 * ZwWaitForMultipleObjects() - wait for the objects several handles name
 * @Count: number of handles, 1..MAXIMUM_WAIT_OBJECTS (64)
 * @Handles: handles to waitable objects: events, threads, processes
 * @WaitType: WaitAny or WaitAll
 * @Alertable: accepted; never STATUS_ALERTED here
 * @Timeout: as for KeWaitForMultipleObjects()
 *
 * Each handle is referenced for the wait, so an object cannot go while
 * it is waited on, even if its handle is closed meanwhile.
 *
 * Context: process context, may sleep (PASSIVE_LEVEL).
 * Return: as KeWaitForMultipleObjects(); STATUS_INVALID_HANDLE or
 * STATUS_OBJECT_TYPE_MISMATCH for a bad handle; STATUS_INVALID_PARAMETER
 * for a bad @Count or a NULL @Handles; STATUS_INSUFFICIENT_RESOURCES;
 * STATUS_INVALID_DEVICE_STATE in atomic context.
 */
NTSTATUS ZwWaitForMultipleObjects(ULONG Count, HANDLE Handles[],
				  WAIT_TYPE WaitType, BOOLEAN Alertable,
				  PLARGE_INTEGER Timeout)
{
	KWAIT_BLOCK *blocks;
	NTSTATUS status;
	PVOID *objects;
	ULONG i, held;

	if (!nt_at_passive()) {
		nt_wrong_irql_once();
		return STATUS_INVALID_DEVICE_STATE;
	}
	if (!Count || Count > MAXIMUM_WAIT_OBJECTS || !Handles)
		return STATUS_INVALID_PARAMETER;
	objects = kcalloc(Count, sizeof(*objects), GFP_KERNEL);
	blocks = kcalloc(Count, sizeof(*blocks), GFP_KERNEL);
	status = STATUS_INSUFFICIENT_RESOURCES;
	if (!objects || !blocks)
		goto free;
	for (held = 0; held < Count; held++) {
		status = ObReferenceObjectByHandle(Handles[held], SYNCHRONIZE,
						   NULL, KernelMode,
						   &objects[held], NULL);
		if (!NT_SUCCESS(status))
			goto put;
	}
	status = KeWaitForMultipleObjects(Count, objects, WaitType, Executive,
					  KernelMode, Alertable, Timeout,
					  blocks);
put:
	for (i = 0; i < held; i++)
		ObDereferenceObject(objects[i]);
free:
	kfree(blocks);
	kfree(objects);
	return status;
}
EXPORT_SYMBOL_GPL(ZwWaitForMultipleObjects);

static void nt_ob_close_leaked(u32 index, void *object, ACCESS_MASK access,
			       void *arg)
{
	struct nt_object_header *header = object;

	pr_warn("closing leaked handle 0x%lx to a %s object\n",
		(unsigned long)nt_ob_kernel_handle(index), header->type->name);
	ObCloseHandle(nt_ob_kernel_handle(index), KernelMode);
}

/* Module exit: every handle a driver left open is closed, and named. */
void nt_ob_close_all_handles(void)
{
	nt_handle_for_each(&nt_ob_handles, nt_ob_close_leaked, NULL);
}

int nt_ob_init(void)
{
	int ret;

	ret = nt_handle_cache_init();
	if (ret)
		return ret;
	ret = nt_handle_table_init(&nt_ob_handles);
	if (ret)
		nt_handle_cache_exit();
	return ret;
}

/* After every type is unregistered and every handle closed. */
void nt_ob_exit(void)
{
	nt_handle_table_destroy(&nt_ob_handles);
	nt_handle_cache_exit();
}
