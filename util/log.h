/* Debug log to a file, never to the terminal. */
#ifndef NARVIK_LOG_H
#define NARVIK_LOG_H

/* Open the log at path (NULL: logging off). Returns 0 or -1 with errno. */
int log_open(const char *path);
void log_close(void);
void log_msg(const char *func, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_debug(...) log_msg(__func__, __VA_ARGS__)

#endif
