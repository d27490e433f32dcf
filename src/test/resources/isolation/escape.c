/*
 * What a hostile learner tries from a sandbox, one attempt per mode. Exit status 0 means the attempt
 * SUCCEEDED (the door is open); anything else means it was refused, and stderr says how.
 * Built static by IsolationIT with Debian's gcc, so it runs in any container.
 *
 *   escape handle PATH                    print the file handle of PATH ("type:hex"), to open it elsewhere
 *   escape open MOUNTFILE HANDLE [rw]     open_by_handle_at through MOUNTFILE's file system and print the file
 *   escape blockdev MAJOR MINOR           mknod a block device and read its first sector
 *   escape cgroup                         mount a cgroup v1 hierarchy (memory controller)
 *   escape corepattern                    write /proc/sys/kernel/core_pattern (its own value back)
 *   escape connect IP PORT                open a TCP connection within 3 s
 *   escape vsock                          open an AF_VSOCK socket (the hypervisor's services on a VM)
 *   escape inotify                        open an inotify instance
 *   escape inotify-hold SECONDS           open inotify instances until the kernel refuses one, print how many,
 *                                         and hold them SECONDS (at most 120) before exiting
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int fail(const char *what) {
    fprintf(stderr, "refused: %s: %s\n", what, strerror(errno));
    return 1;
}

static int handle(const char *path) {
    struct file_handle *h = malloc(sizeof(*h) + MAX_HANDLE_SZ);
    int mount_id;
    h->handle_bytes = MAX_HANDLE_SZ;
    if (name_to_handle_at(AT_FDCWD, path, h, &mount_id, 0) != 0) return fail("name_to_handle_at");
    printf("%d:", h->handle_type);
    for (unsigned i = 0; i < h->handle_bytes; i++) printf("%02x", h->f_handle[i]);
    printf("\n");
    return 0;
}

static int open_by_handle(const char *mountfile, const char *text, int rw) {
    struct file_handle *h = malloc(sizeof(*h) + MAX_HANDLE_SZ);
    const char *hex = strchr(text, ':');
    if (!hex) { fprintf(stderr, "bad handle\n"); return 2; }
    h->handle_type = atoi(text);
    h->handle_bytes = strlen(hex + 1) / 2;
    for (unsigned i = 0; i < h->handle_bytes; i++) sscanf(hex + 1 + 2 * i, "%2hhx", &h->f_handle[i]);
    int mount_fd = open(mountfile, O_RDONLY);
    if (mount_fd < 0) return fail("open mount file");
    int fd = open_by_handle_at(mount_fd, h, rw ? O_RDWR : O_RDONLY);
    if (fd < 0) return fail("open_by_handle_at");
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0) return fail("read");
    fwrite(buf, 1, n, stdout);
    return 0;
}

static int blockdev(int major, int minor) {
    const char *path = "escape-blockdev";
    unlink(path);
    if (mknod(path, S_IFBLK | 0600, makedev(major, minor)) != 0) return fail("mknod");
    int fd = open(path, O_RDONLY);
    if (fd < 0) { int e = errno; unlink(path); errno = e; return fail("open block device"); }
    char sector[512];
    ssize_t n = read(fd, sector, sizeof(sector));
    unlink(path);
    if (n != sizeof(sector)) return fail("read block device");
    printf("read the first sector\n");
    return 0;
}

static int cgroup(void) {
    const char *dir = "escape-cgroup";
    mkdir(dir, 0700);
    if (mount("cgroup", dir, "cgroup", 0, "memory") != 0) { int e = errno; rmdir(dir); errno = e; return fail("mount cgroup"); }
    umount(dir);
    rmdir(dir);
    printf("mounted a cgroup hierarchy\n");
    return 0;
}

static int corepattern(void) {
    char value[256] = {0};
    int in = open("/proc/sys/kernel/core_pattern", O_RDONLY);
    if (in < 0) return fail("open core_pattern");
    ssize_t n = read(in, value, sizeof(value) - 1);
    close(in);
    if (n <= 0) return fail("read core_pattern");
    int out = open("/proc/sys/kernel/core_pattern", O_WRONLY);
    if (out < 0) return fail("open core_pattern for writing");
    if (write(out, value, n) != n) return fail("write core_pattern");
    printf("wrote core_pattern\n");
    return 0;
}

static int connect_to(const char *ip, int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port)};
    if (inet_pton(AF_INET, ip, &to.sin_addr) != 1) { fprintf(stderr, "bad address\n"); return 2; }
    if (connect(fd, (struct sockaddr *)&to, sizeof(to)) != 0 && errno != EINPROGRESS) return fail("connect");
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    if (poll(&p, 1, 3000) != 1) { errno = ETIMEDOUT; return fail("connect"); }
    int error = 0;
    socklen_t len = sizeof(error);
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
    if (error != 0) { errno = error; return fail("connect"); }
    printf("connected\n");
    return 0;
}

static int vsock(void) {
    int fd = socket(40 /* AF_VSOCK */, SOCK_STREAM, 0);
    if (fd < 0) return fail("socket(AF_VSOCK)");
    printf("opened a vsock socket\n");
    return 0;
}

static int inotify(void) {
    if (inotify_init1(IN_CLOEXEC) < 0) return fail("inotify_init1");
    printf("opened an inotify instance\n");
    return 0;
}

/* Bounded: at most 65536 instances and 120 s, so a broken run cannot hold a uid's instances for long. */
static int inotify_hold(int seconds) {
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    int held = 0;
    while (held < 65536 && inotify_init1(IN_CLOEXEC) >= 0) held++;
    printf("holding %d inotify instances (then: %s)\n", held, strerror(errno));
    fflush(stdout);
    sleep(seconds > 120 ? 120 : seconds);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 3 && !strcmp(argv[1], "handle")) return handle(argv[2]);
    if (argc >= 4 && !strcmp(argv[1], "open")) return open_by_handle(argv[2], argv[3], argc > 4);
    if (argc >= 4 && !strcmp(argv[1], "blockdev")) return blockdev(atoi(argv[2]), atoi(argv[3]));
    if (argc >= 2 && !strcmp(argv[1], "cgroup")) return cgroup();
    if (argc >= 2 && !strcmp(argv[1], "corepattern")) return corepattern();
    if (argc >= 4 && !strcmp(argv[1], "connect")) return connect_to(argv[2], atoi(argv[3]));
    if (argc >= 2 && !strcmp(argv[1], "vsock")) return vsock();
    if (argc >= 2 && !strcmp(argv[1], "inotify")) return inotify();
    if (argc >= 3 && !strcmp(argv[1], "inotify-hold")) return inotify_hold(atoi(argv[2]));
    fprintf(stderr, "usage: see escape.c\n");
    return 2;
}
