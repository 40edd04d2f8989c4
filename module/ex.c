// SPDX-License-Identifier: GPL-2.0
/*
 * Executive: event objects (ExEventObjectType): events that the object
 * manager allocates, reached through handles (ZwCreateEvent, ZwSetEvent,
 * ...), and named events (IoCreateNotificationEvent, ...).
 *
 * Names live in one flat namespace, not NT's object directories: a name
 * is the whole string a driver passes (conventionally
 * "\BaseNamedObjects\Name"), compared exactly, or ignoring ASCII case with
 * OBJ_CASE_INSENSITIVE.  A name is published with its event, complete,
 * under nt_event_names_lock, and goes with the event's last reference.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ex.h"
#include "ke.h"
#include "ob.h"
#include "report.h"

/**
 * struct nt_event_object - the body of an event object
 * @event: the KEVENT: first, so that the body is the KEVENT drivers see
 * @named: its entry in nt_event_names, if it has a name
 * @name: the name (UTF-16, not terminated), or NULL
 * @name_len: the name's length in bytes
 */
struct nt_event_object {
	KEVENT event;
	struct list_head named;
	WCHAR *name;
	USHORT name_len;
};

static LIST_HEAD(nt_event_names);
static DEFINE_MUTEX(nt_event_names_lock);

static void nt_event_delete(void *body)
{
	struct nt_event_object *object = body;

	if (!object->name)
		return;
	mutex_lock(&nt_event_names_lock);
	list_del(&object->named);
	mutex_unlock(&nt_event_names_lock);
	kfree(object->name);
}

static struct nt_object_type nt_event_type = {
	.name = "Event",
	.cache_name = "ntthread_event",
	.body_size = sizeof(struct nt_event_object),
	.valid_access = EVENT_ALL_ACCESS,
	.mapping = {
		.GenericRead = STANDARD_RIGHTS_READ | EVENT_QUERY_STATE,
		.GenericWrite = STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,
		.GenericExecute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
		.GenericAll = EVENT_ALL_ACCESS,
	},
	.delete = nt_event_delete,
};

static POBJECT_TYPE nt_event_type_ptr = &nt_event_type;
POBJECT_TYPE *ExEventObjectType = &nt_event_type_ptr;
EXPORT_SYMBOL_GPL(ExEventObjectType);

/* What a caller's OBJECT_ATTRIBUTES ask for, read and checked. */
struct nt_event_attrs {
	ULONG attributes;
	WCHAR *name;		/* a copy, or NULL */
	USHORT name_len;
};

/*
 * Read @oa and copy its name, without faulting on a bad pointer.
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a bad structure or
 * attribute; STATUS_OBJECT_NAME_INVALID for a bad name; STATUS_NOT_SUPPORTED
 * for a root directory; STATUS_INSUFFICIENT_RESOURCES.
 */
static NTSTATUS nt_event_read_attrs(POBJECT_ATTRIBUTES oa,
				    struct nt_event_attrs *out)
{
	OBJECT_ATTRIBUTES attrs;
	UNICODE_STRING name;

	out->attributes = 0;
	out->name = NULL;
	out->name_len = 0;
	if (!oa)
		return STATUS_SUCCESS;
	if (copy_from_kernel_nofault(&attrs, oa, sizeof(attrs)) ||
	    attrs.Length != sizeof(attrs) ||
	    (attrs.Attributes & ~OBJ_VALID_ATTRIBUTES))
		return STATUS_INVALID_PARAMETER;
	if (attrs.RootDirectory)
		return STATUS_NOT_SUPPORTED;
	out->attributes = attrs.Attributes;
	if (!attrs.ObjectName)
		return STATUS_SUCCESS;
	if (copy_from_kernel_nofault(&name, attrs.ObjectName, sizeof(name)) ||
	    !name.Length || name.Length % sizeof(WCHAR) ||
	    name.Length > name.MaximumLength || !name.Buffer)
		return STATUS_OBJECT_NAME_INVALID;
	out->name = kmalloc(name.Length, GFP_KERNEL);
	if (!out->name)
		return STATUS_INSUFFICIENT_RESOURCES;
	if (copy_from_kernel_nofault(out->name, name.Buffer, name.Length)) {
		kfree(out->name);
		out->name = NULL;
		return STATUS_OBJECT_NAME_INVALID;
	}
	out->name_len = name.Length;
	return STATUS_SUCCESS;
}

static bool nt_event_name_is(const struct nt_event_object *object,
			     const struct nt_event_attrs *attrs)
{
	USHORT i;

	if (object->name_len != attrs->name_len)
		return false;
	if (!(attrs->attributes & OBJ_CASE_INSENSITIVE))
		return !memcmp(object->name, attrs->name, attrs->name_len);
	for (i = 0; i < attrs->name_len / sizeof(WCHAR); i++) {
		WCHAR a = object->name[i], b = attrs->name[i];

		if (a < 0x80 && b < 0x80 ? tolower(a) != tolower(b) : a != b)
			return false;
	}
	return true;
}

/* The live event named as @attrs asks, referenced; or NULL. */
static struct nt_event_object *
nt_event_lookup_locked(const struct nt_event_attrs *attrs)
{
	struct nt_event_object *object;

	lockdep_assert_held(&nt_event_names_lock);
	list_for_each_entry(object, &nt_event_names, named)
		if (nt_event_name_is(object, attrs) &&
		    nt_ob_tryget(nt_ob_header(object)))
			return object;
	return NULL;
}

/* Open a handle to @object, which the caller holds a reference to. */
static NTSTATUS nt_event_open(struct nt_event_object *object,
			      ACCESS_MASK access, PHANDLE handle,
			      PKEVENT *event)
{
	NTSTATUS status;

	status = nt_ob_insert_handle(object,
				     nt_ob_map_access(&nt_event_type, access),
				     handle, NULL);
	if (NT_SUCCESS(status) && event)
		*event = &object->event;
	return status;
}

/*
 * Create an event object, or open the one of that name (OBJ_OPENIF), and a
 * handle to it; *@event, if asked, is its KEVENT.
 */
static NTSTATUS nt_event_create(PHANDLE handle, ACCESS_MASK access,
				POBJECT_ATTRIBUTES oa, EVENT_TYPE type,
				BOOLEAN state, PKEVENT *event)
{
	struct nt_event_object *object;
	struct nt_event_attrs attrs;
	NTSTATUS status;

	if (!nt_at_passive()) {
		nt_wrong_irql_once();
		return STATUS_INVALID_DEVICE_STATE;
	}
	if (!handle || (type != NotificationEvent && type != SynchronizationEvent))
		return STATUS_INVALID_PARAMETER;
	*handle = NULL;
	status = nt_event_read_attrs(oa, &attrs);
	if (!NT_SUCCESS(status))
		return status;

	mutex_lock(&nt_event_names_lock);
	if (attrs.name) {
		object = nt_event_lookup_locked(&attrs);
		if (object) {
			mutex_unlock(&nt_event_names_lock);
			kfree(attrs.name);
			status = STATUS_OBJECT_NAME_COLLISION;
			if (attrs.attributes & OBJ_OPENIF) {
				status = nt_event_open(object, access, handle,
						       event);
				if (NT_SUCCESS(status))
					status = STATUS_OBJECT_NAME_EXISTS;
			}
			nt_ob_put(nt_ob_header(object));
			return status;
		}
	}
	object = nt_ob_create(&nt_event_type);
	if (!object) {
		mutex_unlock(&nt_event_names_lock);
		kfree(attrs.name);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	KeInitializeEvent(&object->event, type, state);
	if (attrs.name) {
		object->name = attrs.name;
		object->name_len = attrs.name_len;
		list_add(&object->named, &nt_event_names);
	}
	mutex_unlock(&nt_event_names_lock);
	status = nt_event_open(object, access, handle, event);
	/* The creation reference: without a handle, the event goes now. */
	nt_ob_put(nt_ob_header(object));
	return status;
}

/**
 * ZwCreateEvent() - create an event object and open a handle to it
 * @EventHandle: receives the kernel handle
 * @DesiredAccess: the access the handle grants (EVENT_ALL_ACCESS, ...)
 * @ObjectAttributes: NULL, or attributes: an optional name (a flat
 *		      namespace, see ex.c), OBJ_OPENIF to open an existing
 *		      event of that name, OBJ_CASE_INSENSITIVE; no
 *		      RootDirectory
 * @EventType: NotificationEvent or SynchronizationEvent
 * @InitialState: TRUE for signalled
 *
 * The object goes with its last handle and reference, and its name with it.
 * ObReferenceObjectByHandle() with *ExEventObjectType gives its KEVENT.
 *
 * Context: process context, may sleep (PASSIVE_LEVEL).
 * Return: STATUS_SUCCESS; STATUS_OBJECT_NAME_EXISTS when OBJ_OPENIF opened
 * an existing event (which keeps its type and state);
 * STATUS_OBJECT_NAME_COLLISION when the name exists without OBJ_OPENIF;
 * STATUS_INVALID_PARAMETER for a NULL @EventHandle, a bad @EventType or
 * attributes; STATUS_OBJECT_NAME_INVALID for a bad name;
 * STATUS_NOT_SUPPORTED for a RootDirectory; STATUS_INSUFFICIENT_RESOURCES;
 * STATUS_INVALID_DEVICE_STATE in atomic context.
 */
NTSTATUS ZwCreateEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
		       POBJECT_ATTRIBUTES ObjectAttributes,
		       EVENT_TYPE EventType, BOOLEAN InitialState)
{
	return nt_event_create(EventHandle, DesiredAccess, ObjectAttributes,
			       EventType, InitialState, NULL);
}
EXPORT_SYMBOL_GPL(ZwCreateEvent);

/**
 * ZwOpenEvent() - open a handle to a named event
 * @EventHandle: receives the kernel handle
 * @DesiredAccess: the access the handle grants
 * @ObjectAttributes: the name, as for ZwCreateEvent()
 *
 * Context: process context, may sleep (PASSIVE_LEVEL).
 * Return: STATUS_SUCCESS; STATUS_OBJECT_NAME_NOT_FOUND;
 * STATUS_INVALID_PARAMETER for a NULL argument or bad attributes;
 * STATUS_OBJECT_NAME_INVALID for a missing or bad name;
 * STATUS_NOT_SUPPORTED for a RootDirectory; STATUS_INSUFFICIENT_RESOURCES;
 * STATUS_INVALID_DEVICE_STATE in atomic context.
 */
NTSTATUS ZwOpenEvent(PHANDLE EventHandle, ACCESS_MASK DesiredAccess,
		     POBJECT_ATTRIBUTES ObjectAttributes)
{
	struct nt_event_object *object;
	struct nt_event_attrs attrs;
	NTSTATUS status;

	if (!nt_at_passive()) {
		nt_wrong_irql_once();
		return STATUS_INVALID_DEVICE_STATE;
	}
	if (!EventHandle || !ObjectAttributes)
		return STATUS_INVALID_PARAMETER;
	*EventHandle = NULL;
	status = nt_event_read_attrs(ObjectAttributes, &attrs);
	if (!NT_SUCCESS(status))
		return status;
	if (!attrs.name)
		return STATUS_OBJECT_NAME_INVALID;
	mutex_lock(&nt_event_names_lock);
	object = nt_event_lookup_locked(&attrs);
	mutex_unlock(&nt_event_names_lock);
	kfree(attrs.name);
	if (!object)
		return STATUS_OBJECT_NAME_NOT_FOUND;
	status = nt_event_open(object, DesiredAccess, EventHandle, NULL);
	nt_ob_put(nt_ob_header(object));
	return status;
}
EXPORT_SYMBOL_GPL(ZwOpenEvent);

/*
 * Apply @op to the event behind @handle; *@previous, if asked, gets the
 * state before.
 */
static NTSTATUS nt_event_by_handle(HANDLE handle, PLONG previous,
				   LONG (*op)(PRKEVENT event))
{
	NTSTATUS status;
	PVOID event;
	LONG old;

	status = ObReferenceObjectByHandle(handle, EVENT_MODIFY_STATE,
					   *ExEventObjectType, KernelMode,
					   &event, NULL);
	if (!NT_SUCCESS(status))
		return status;
	old = op(event);
	ObDereferenceObject(event);
	if (previous)
		*previous = old;
	return STATUS_SUCCESS;
}

static LONG nt_event_set(PRKEVENT event)
{
	return KeSetEvent(event, IO_NO_INCREMENT, FALSE);
}

static LONG nt_event_pulse(PRKEVENT event)
{
	return KePulseEvent(event, IO_NO_INCREMENT, FALSE);
}

/**
 * ZwSetEvent() - signal the event a handle names
 * @EventHandle: a handle to an event object
 * @PreviousState: NULL, or receives the state before the call
 *
 * Context: any context; never sleeps (Windows: PASSIVE_LEVEL).
 * Return: STATUS_SUCCESS; STATUS_INVALID_HANDLE; STATUS_OBJECT_TYPE_MISMATCH
 * for a handle to another kind of object.
 */
NTSTATUS ZwSetEvent(HANDLE EventHandle, PLONG PreviousState)
{
	return nt_event_by_handle(EventHandle, PreviousState, nt_event_set);
}
EXPORT_SYMBOL_GPL(ZwSetEvent);

/**
 * ZwResetEvent() - set the event a handle names to not signalled
 * @EventHandle: a handle to an event object
 * @PreviousState: NULL, or receives the state before the call
 *
 * Context: any context; never sleeps (Windows: PASSIVE_LEVEL).
 * Return: as for ZwSetEvent().
 */
NTSTATUS ZwResetEvent(HANDLE EventHandle, PLONG PreviousState)
{
	return nt_event_by_handle(EventHandle, PreviousState, KeResetEvent);
}
EXPORT_SYMBOL_GPL(ZwResetEvent);

/**
 * ZwClearEvent() - set the event a handle names to not signalled
 * @EventHandle: a handle to an event object
 *
 * Context: any context; never sleeps (Windows: PASSIVE_LEVEL).
 * Return: as for ZwSetEvent().
 */
NTSTATUS ZwClearEvent(HANDLE EventHandle)
{
	return nt_event_by_handle(EventHandle, NULL, KeResetEvent);
}
EXPORT_SYMBOL_GPL(ZwClearEvent);

/**
 * ZwPulseEvent() - signal the event a handle names, release, and reset it
 * @EventHandle: a handle to an event object
 * @PreviousState: NULL, or receives the state before the call
 *
 * Context: any context; never sleeps (Windows: PASSIVE_LEVEL).
 * Return: as for ZwSetEvent().
 */
NTSTATUS ZwPulseEvent(HANDLE EventHandle, PLONG PreviousState)
{
	return nt_event_by_handle(EventHandle, PreviousState, nt_event_pulse);
}
EXPORT_SYMBOL_GPL(ZwPulseEvent);

static PKEVENT nt_io_create_event(PUNICODE_STRING name, PHANDLE handle,
				  EVENT_TYPE type)
{
	OBJECT_ATTRIBUTES oa;
	PKEVENT event = NULL;

	if (!name) {
		nt_bugcheck_once("NULL event name");
		return NULL;
	}
	InitializeObjectAttributes(&oa, name, OBJ_OPENIF | OBJ_KERNEL_HANDLE,
				   NULL, NULL);
	if (!NT_SUCCESS(nt_event_create(handle, EVENT_ALL_ACCESS, &oa, type,
					TRUE, &event)))
		return NULL;
	return event;
}

/**
 * IoCreateNotificationEvent() - create or open a named notification event
 * @EventName: the name (see ZwCreateEvent())
 * @EventHandle: receives a kernel handle; close it with ZwClose()
 *
 * An event created here starts signalled; an existing one is opened as
 * it is.
 *
 * Context: process context, may sleep (PASSIVE_LEVEL).
 * Return: the event, valid while the handle is open; NULL on failure
 * (no name, a bad name, no memory, atomic context).
 */
PKEVENT IoCreateNotificationEvent(PUNICODE_STRING EventName,
				  PHANDLE EventHandle)
{
	return nt_io_create_event(EventName, EventHandle, NotificationEvent);
}
EXPORT_SYMBOL_GPL(IoCreateNotificationEvent);

/**
 * IoCreateSynchronizationEvent() - create or open a named synchronization event
 * @EventName: the name (see ZwCreateEvent())
 * @EventHandle: receives a kernel handle; close it with ZwClose()
 *
 * Context: process context, may sleep (PASSIVE_LEVEL).
 * Return: as for IoCreateNotificationEvent().
 */
PKEVENT IoCreateSynchronizationEvent(PUNICODE_STRING EventName,
				     PHANDLE EventHandle)
{
	return nt_io_create_event(EventName, EventHandle, SynchronizationEvent);
}
EXPORT_SYMBOL_GPL(IoCreateSynchronizationEvent);

int nt_ex_init(void)
{
	return nt_ob_type_register(&nt_event_type);
}

void nt_ex_exit(void)
{
	nt_ob_type_unregister(&nt_event_type);
}
