// SPDX-License-Identifier: GPL-2.0
/*
 * Executive: the Event object type (ExEventObjectType), registered with
 * the object manager.
 */
#include <linux/module.h>

#include "ex.h"
#include "ob.h"

static struct nt_object_type nt_event_type = {
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

static POBJECT_TYPE nt_event_type_ptr = &nt_event_type;
POBJECT_TYPE *ExEventObjectType = &nt_event_type_ptr;
EXPORT_SYMBOL_GPL(ExEventObjectType);

int nt_ex_init(void)
{
	return nt_ob_type_register(&nt_event_type);
}

void nt_ex_exit(void)
{
	nt_ob_type_unregister(&nt_event_type);
}
