// SPDX-License-Identifier: GPL-2.0
/*
 * Object manager: object headers and types, reference counts, and the
 * handle routines drivers call (ObReferenceObjectByHandle, ZwClose, ...).
 *
 * Every handle is a kernel handle in the System process's handle table:
 * this layer has no user-mode processes, so a handle without the kernel
 * bit (or presented by a UserMode caller) names no table and is invalid.
 */
#include <linux/module.h>
#include <linux/slab.h>

#include "ntthread.h"
#include "trace.h"

#define NT_KERNEL_HANDLE_BITS	0xFFFFFFFF80000000UL

#define PROCESS_VM_OPERATION	0x0008
#define PROCESS_VM_READ		0x0010
#define PROCESS_VM_WRITE	0x0020
#define PROCESS_DUP_HANDLE	0x0040
#define PROCESS_CREATE_PROCESS	0x0080
#define PROCESS_SET_QUOTA	0x0100
#define PROCESS_SET_INFORMATION	0x0200
#define PROCESS_SUSPEND_RESUME	0x0800

struct nt_object_type nt_thread_type = {
	.name = "Thread",
	.cache_name = "nt_thread",
	.body_size = sizeof(struct nt_thread),
	.valid_access = THREAD_ALL_ACCESS,
	.delete = nt_thread_delete,
	.mapping = {
		.GenericRead = STANDARD_RIGHTS_READ | THREAD_GET_CONTEXT |
			       THREAD_QUERY_INFORMATION,
		.GenericWrite = STANDARD_RIGHTS_WRITE | THREAD_TERMINATE |
				THREAD_SUSPEND_RESUME | THREAD_ALERT |
				THREAD_SET_INFORMATION | THREAD_SET_CONTEXT,
		.GenericExecute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
		.GenericAll = THREAD_ALL_ACCESS,
	},
};

struct nt_object_type nt_process_type = {
	.name = "Process",
	.cache_name = "nt_process",
	.body_size = sizeof(struct nt_process),
	.valid_access = PROCESS_ALL_ACCESS,
	.mapping = {
		.GenericRead = STANDARD_RIGHTS_READ | PROCESS_VM_READ |
			       PROCESS_QUERY_INFORMATION,
		.GenericWrite = STANDARD_RIGHTS_WRITE | PROCESS_CREATE_PROCESS |
				PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION |
				PROCESS_VM_WRITE | PROCESS_DUP_HANDLE |
				PROCESS_SET_QUOTA | PROCESS_SET_INFORMATION |
				PROCESS_SUSPEND_RESUME,
		.GenericExecute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
		.GenericAll = PROCESS_ALL_ACCESS,
	},
};

/* Drivers' KEVENTs live in their own memory: the type has no cache. */
struct nt_object_type nt_event_type = {
	.name = "Event",
	.body_size = sizeof(KEVENT),
	.valid_access = EVENT_ALL_ACCESS,
	.mapping = {
		.GenericRead = STANDARD_RIGHTS_READ | EVENT_QUERY_STATE,
		.GenericWrite = STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,
		.GenericExecute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
		.GenericAll = EVENT_ALL_ACCESS,
	},
};

static POBJECT_TYPE nt_thread_type_ptr = &nt_thread_type;
static POBJECT_TYPE nt_process_type_ptr = &nt_process_type;
static POBJECT_TYPE nt_event_type_ptr = &nt_event_type;

POBJECT_TYPE *PsThreadType = &nt_thread_type_ptr;
EXPORT_SYMBOL_GPL(PsThreadType);
POBJECT_TYPE *PsProcessType = &nt_process_type_ptr;
EXPORT_SYMBOL_GPL(PsProcessType);
POBJECT_TYPE *ExEventObjectType = &nt_event_type_ptr;
EXPORT_SYMBOL_GPL(ExEventObjectType);

/* A type's slab cache: the header, then the body. */
static struct kmem_cache *nt_ob_cache_create(const struct nt_object_type *type,
					     slab_flags_t flags)
{
	return kmem_cache_create(type->cache_name,
				 sizeof(struct nt_object_header) +
				 type->body_size, 0, flags, NULL);
}

int nt_ob_types_init(void)
{
	nt_thread_type.cache = nt_ob_cache_create(&nt_thread_type, SLAB_ACCOUNT);
	if (!nt_thread_type.cache)
		goto err;
	nt_process_type.cache = nt_ob_cache_create(&nt_process_type, 0);
	if (!nt_process_type.cache)
		goto err_destroy_thread;
	return 0;

err_destroy_thread:
	kmem_cache_destroy(nt_thread_type.cache);
err:
	return -ENOMEM;
}

void nt_ob_types_exit(void)
{
	rcu_barrier();		/* objects are freed by RCU callbacks */
	kmem_cache_destroy(nt_process_type.cache);
	kmem_cache_destroy(nt_thread_type.cache);
}

/* Allocate a zeroed object of @type with one reference; NULL on failure. */
void *nt_ob_create(struct nt_object_type *type)
{
	struct nt_object_header *header;

	if (type == &nt_thread_type && nt_should_fail(NT_FAULT_THREAD_OBJECT))
		return NULL;
	header = kmem_cache_zalloc(type->cache, GFP_KERNEL);
	if (!header)
		return NULL;
	refcount_set(&header->pointer_count, 1);
	header->type = type;
	atomic_long_inc(&type->live);
	return nt_ob_body(header);
}

static void nt_ob_free_rcu(struct rcu_head *rcu)
{
	struct nt_object_header *header =
		container_of(rcu, struct nt_object_header, rcu);

	kmem_cache_free(header->type->cache, header);
}

/**
 * nt_ob_put() - drop a reference; the last one deletes the object
 * @header: the object
 *
 * Context: any context: the type's delete routine does not sleep and the
 * memory is freed after an RCU grace period, so that lock-free lookups
 * never touch freed memory.
 */
void nt_ob_put(struct nt_object_header *header)
{
	if (!refcount_dec_and_test(&header->pointer_count))
		return;
	trace_ntthread_object_free(nt_ob_body(header), header->type->name);
	if (header->type->delete)
		header->type->delete(nt_ob_body(header));
	atomic_long_dec(&header->type->live);
	call_rcu(&header->rcu, nt_ob_free_rcu);
}

/* Is @body an object of one of our types?  Drivers may pass anything. */
static struct nt_object_header *nt_ob_checked(const void *body)
{
	struct nt_object_header *header;

	if (!body)
		return NULL;
	header = nt_ob_header(body);
	if (header->type != &nt_thread_type && header->type != &nt_process_type)
		return NULL;
	return header;
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

static HANDLE nt_kernel_handle(u32 index)
{
	return (HANDLE)(NT_KERNEL_HANDLE_BITS | ((unsigned long)index << 2));
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
u32 nt_handle_index(HANDLE handle)
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
	if (nt_handle_insert(&nt_system_process->handles, header, granted,
			     &index, pages_added)) {
		nt_ob_put(header);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	atomic_inc(&header->handle_count);
	nt_stat_inc(NT_CTR_HANDLES_OPEN);
	*handle = nt_kernel_handle(index);
	trace_ntthread_handle_create((unsigned long)*handle, header->type->name,
				     granted);
	return STATUS_SUCCESS;
}

/* Resolve a pseudo-handle to a referenced object, or NULL. */
static struct nt_object_header *nt_ob_pseudo(HANDLE handle)
{
	struct nt_object_header *header = NULL;

	if (handle == NtCurrentProcess()) {
		header = nt_ob_header(nt_system_process);
	} else if (handle == NtCurrentThread()) {
		struct nt_thread *thread = nt_current_thread();

		if (thread)
			header = nt_ob_header(thread);
	}
	if (header && !nt_ob_tryget(header))
		header = NULL;
	return header;
}

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

	header = nt_ob_pseudo(Handle);
	if (header) {
		granted = header->type->valid_access;
	} else {
		index = nt_handle_index(Handle);
		if (!index || AccessMode == UserMode)
			return STATUS_INVALID_HANDLE;
		header = nt_handle_lookup(&nt_system_process->handles, index,
					  &granted);
		if (!header)
			return STATUS_INVALID_HANDLE;
	}

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
		header = nt_handle_remove(&nt_system_process->handles, index,
					  &access);
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

static void nt_ob_close_leaked(u32 index, struct nt_object_header *header,
			       ACCESS_MASK access, void *arg)
{
	pr_warn("ntthread: closing leaked handle 0x%lx to a %s object\n",
		(unsigned long)nt_kernel_handle(index), header->type->name);
	ObCloseHandle(nt_kernel_handle(index), KernelMode);
}

/* Module exit: every handle a driver left open is closed, and named. */
void nt_ob_close_all_handles(void)
{
	nt_handle_for_each(&nt_system_process->handles, nt_ob_close_leaked,
			   NULL);
}
