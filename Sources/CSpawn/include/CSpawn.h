#ifndef WIZDB_CSPAWN_H
#define WIZDB_CSPAWN_H

#include <sys/types.h>

/// Starts `path` with `argv` (NULL-terminated) and the caller's environment, in `directory`,
/// with `stdin_fd`, `stdout_fd` and `stderr_fd` as its standard streams; no other descriptor of
/// the caller is inherited when they were all opened close-on-exec. Returns 0 and sets `*pid`,
/// or an errno value.
int wizdb_spawn(pid_t *pid, const char *path, char *const argv[], const char *directory,
                int stdin_fd, int stdout_fd, int stderr_fd);

/// pipe(2) with both ends close-on-exec, set atomically where the system can (pipe2 on Linux),
/// so that a child started by another thread at the same moment cannot inherit them.
int wizdb_pipe_cloexec(int fds[2]);

#endif
