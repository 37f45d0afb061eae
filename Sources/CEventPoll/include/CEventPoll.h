#ifndef C_EVENT_POLL_H
#define C_EVENT_POLL_H

#include <stdint.h>

/* epoll and eventfd for HTTPServerKit's event loops. Swift's Glibc module does not
   export <sys/epoll.h>, and struct epoll_event is packed on x86-64, so the loop uses
   these small wrappers that speak in plain integers and arrays. */

enum {
    CEP_IN = 0x001,
    CEP_OUT = 0x004,
    CEP_ERR = 0x008,
    CEP_HUP = 0x010,
    CEP_RDHUP = 0x2000,
    CEP_ET = (int)0x80000000u
};

/* A new epoll instance (close-on-exec), or -1 with errno. */
int cep_create(void);
/* Watches fd for events; token comes back with each event. 0 or -1 with errno. */
int cep_add(int epfd, int fd, uint32_t events, uint64_t token);
int cep_modify(int epfd, int fd, uint32_t events, uint64_t token);
int cep_remove(int epfd, int fd);
/* Waits up to timeout_ms (-1: forever) for at most max events; fills tokens and events.
   Returns the count, or -1 with errno. */
int cep_wait(int epfd, uint64_t *tokens, uint32_t *events, int max, int timeout_ms);

/* A non-blocking, close-on-exec eventfd to wake a loop. */
int cep_eventfd(void);
void cep_eventfd_signal(int fd);
void cep_eventfd_drain(int fd);

/* accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC (hidden from Swift's Glibc module). */
int cep_accept_nonblocking(int listener);

#endif
