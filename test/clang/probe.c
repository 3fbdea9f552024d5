/* A BPF-style probe's view of the kernel: where the fields it reads sit. */
#include <linux/sched.h>
#include <linux/fs.h>

int task_pid_offset = __builtin_offsetof(struct task_struct, pid);
int task_tgid_offset = __builtin_offsetof(struct task_struct, tgid);
int task_comm_offset = __builtin_offsetof(struct task_struct, comm);
int task_struct_size = sizeof(struct task_struct);
int file_f_pos_offset = __builtin_offsetof(struct file, f_pos);
int file_size = sizeof(struct file);
