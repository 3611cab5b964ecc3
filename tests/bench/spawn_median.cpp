// spawn_median — runs a command N times (stdout to /dev/null) and prints the median wall time of the
// whole process (posix_spawn to wait4), with min and max, and the median CPU time the process used
// (user + system, from wait4's rusage: on a shared, loaded machine the steadier figure).
// Used by tests/bench/one_message.sh.
//   spawn_median N COMMAND [ARGS...]
// Exit: 0, or 1 when a run's exit status was not 0 or 1 (authlens's "ran" statuses).
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

extern char** environ;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: spawn_median N COMMAND [ARGS...]\n");
    return 2;
  }
  int n = std::atoi(argv[1]);
  if (n < 1) n = 1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  std::vector<double> ms, cpu;
  for (int i = 0; i < n; ++i) {
    timespec a{}, b{};
    clock_gettime(CLOCK_MONOTONIC, &a);
    pid_t pid = 0;
    if (posix_spawnp(&pid, argv[2], &fa, nullptr, argv + 2, environ) != 0) {
      std::perror("posix_spawnp");
      return 2;
    }
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
      std::fprintf(stderr, "spawn_median: run %d ended with status %d\n", i, status);
      return 1;
    }
    ms.push_back((b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6);
    cpu.push_back((ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  };
  auto [lo, hi] = std::minmax_element(ms.begin(), ms.end());
  std::printf("runs %d  wall median %.2f ms (min %.2f, max %.2f)  CPU median %.2f ms\n", n, median(ms), *lo, *hi,
              median(cpu));
  return 0;
}
