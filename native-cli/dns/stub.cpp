#include "dns/stub.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>

#include "dns/reply.hpp"

namespace authlens::cli::net {

namespace {

enum class phase { waiting, udp, tcp_connect, tcp_write, tcp_read, done };

struct job {
  const dns::question* q = nullptr;
  phase ph = phase::waiting;
  int attempt = 0;
  int fd = -1;
  std::uint16_t id = 0;
  const endpoint* server = nullptr;
  clock::time_point deadline;
  std::vector<std::uint8_t> out;  // TCP: the length-prefixed query
  std::size_t out_done = 0;
  std::vector<std::uint8_t> in;   // TCP: bytes read so far of the current message
  bool failed_badly = false;      // a matching but unusable reply was seen: SERVFAIL, not TIMEOUT
  std::optional<dns::answer> result;
};

class engine {
 public:
  engine(std::span<const dns::question> qs, const stub_options& opt) : opt_(opt) {
    jobs_.resize(qs.size());
    for (std::size_t i = 0; i < qs.size(); ++i) jobs_[i].q = &qs[i];
  }
  ~engine() {
    for (auto& j : jobs_) close_fd(j);
  }
  engine(const engine&) = delete;
  engine& operator=(const engine&) = delete;

  std::vector<dns::answer> run() {
    std::vector<pollfd> fds;
    std::vector<job*> owners;
    for (;;) {
      // Start waiting jobs while there is room.
      std::size_t active = 0;
      for (auto& j : jobs_)
        if (j.ph != phase::waiting && j.ph != phase::done) ++active;
      for (auto& j : jobs_) {
        if (active >= opt_.max_in_flight) break;
        if (j.ph == phase::waiting) {
          start_attempt(j);
          if (j.ph != phase::done) ++active;
        }
      }
      fds.clear();
      owners.clear();
      clock::time_point next = clock::time_point::max();
      for (auto& j : jobs_) {
        if (j.ph == phase::waiting || j.ph == phase::done) continue;
        short ev = (j.ph == phase::tcp_connect || j.ph == phase::tcp_write) ? POLLOUT : POLLIN;
        fds.push_back(pollfd{j.fd, ev, 0});
        owners.push_back(&j);
        next = std::min(next, j.deadline);
      }
      if (fds.empty()) {
        bool any_waiting = std::any_of(jobs_.begin(), jobs_.end(), [](const job& j) { return j.ph == phase::waiting; });
        if (!any_waiting) break;
        continue;
      }
      int n = ::poll(fds.data(), fds.size(), ms_until(next));
      if (n < 0 && errno != EINTR) {
        for (auto* j : owners) fail_attempt(*j);  // cannot wait: give up on this round's attempts
        continue;
      }
      for (std::size_t i = 0; i < fds.size(); ++i)
        if (fds[i].revents) on_ready(*owners[i]);
      auto now = clock::now();
      for (auto* j : owners)
        if (j->ph != phase::done && j->ph != phase::waiting && j->deadline <= now) fail_attempt(*j);
    }
    std::vector<dns::answer> out;
    out.reserve(jobs_.size());
    for (auto& j : jobs_) {
      if (j.result) {
        out.push_back(std::move(*j.result));
      } else {
        dns::answer a;
        a.q = *j.q;
        a.st = j.failed_badly ? dns::status::servfail : dns::status::timeout;
        out.push_back(std::move(a));
      }
    }
    return out;
  }

 private:
  static void close_fd(job& j) {
    if (j.fd >= 0) ::close(j.fd);
    j.fd = -1;
  }

  void finish(job& j, dns::answer a) {
    close_fd(j);
    j.result = std::move(a);
    j.ph = phase::done;
  }

  void fail_attempt(job& j, bool badly = false) {
    close_fd(j);
    if (badly) j.failed_badly = true;
    ++j.attempt;
    if (j.attempt >= opt_.tries || opt_.servers.empty()) {
      j.ph = phase::done;
      return;
    }
    j.ph = phase::waiting;
  }

  void start_attempt(job& j) {
    if (opt_.servers.empty()) {
      j.ph = phase::done;
      return;
    }
    j.server = &opt_.servers[static_cast<std::size_t>(j.attempt) % opt_.servers.size()];
    j.id = random_u16();
    j.deadline = clock::now() + std::chrono::milliseconds(opt_.timeout_ms);
    j.fd = ::socket(j.server->family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (j.fd < 0) return fail_attempt(j);
    // connect(): the kernel then delivers only datagrams from the server, and reports ICMP errors.
    if (::connect(j.fd, reinterpret_cast<const sockaddr*>(&j.server->addr), j.server->len) != 0) return fail_attempt(j);
    auto query = dns::build_query(*j.q, j.id, opt_.udp_size);
    if (::send(j.fd, query.data(), query.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(query.size()))
      return fail_attempt(j);
    j.ph = phase::udp;
  }

  void start_tcp(job& j) {
    close_fd(j);
    j.id = random_u16();
    j.deadline = clock::now() + std::chrono::milliseconds(opt_.timeout_ms);
    auto query = dns::build_query(*j.q, j.id, opt_.udp_size);
    j.out.clear();
    j.out.push_back(static_cast<std::uint8_t>(query.size() >> 8));
    j.out.push_back(static_cast<std::uint8_t>(query.size() & 0xFF));
    j.out.insert(j.out.end(), query.begin(), query.end());
    j.out_done = 0;
    j.in.clear();
    j.fd = ::socket(j.server->family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (j.fd < 0) return fail_attempt(j);
    int rc = ::connect(j.fd, reinterpret_cast<const sockaddr*>(&j.server->addr), j.server->len);
    if (rc != 0 && errno != EINPROGRESS) return fail_attempt(j);
    j.ph = phase::tcp_connect;
  }

  void on_ready(job& j) {
    switch (j.ph) {
      case phase::udp: return read_udp(j);
      case phase::tcp_connect: {
        int err = 0;
        socklen_t len = sizeof err;
        if (::getsockopt(j.fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) return fail_attempt(j);
        j.ph = phase::tcp_write;
        return write_tcp(j);
      }
      case phase::tcp_write: return write_tcp(j);
      case phase::tcp_read: return read_tcp(j);
      default: return;
    }
  }

  void read_udp(job& j) {
    std::vector<std::uint8_t> buf(65536);
    for (int i = 0; i < 64; ++i) {  // drain what is queued, bounded
      ssize_t n = ::recv(j.fd, buf.data(), buf.size(), MSG_DONTWAIT | MSG_TRUNC);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
        return fail_attempt(j);  // e.g. ECONNREFUSED: nothing listens there
      }
      // MSG_TRUNC: n is the datagram's real size; one larger than the buffer counts as oversize.
      std::size_t len = std::min(static_cast<std::size_t>(n), buf.size());
      std::size_t limit = static_cast<std::size_t>(n) > buf.size() ? 0 : opt_.max_reply;
      auto r = check_reply(std::span<const std::uint8_t>(buf.data(), len), *j.q, j.id, limit);
      switch (r.kind) {
        case reply_kind::mismatch: continue;
        case reply_kind::malformed: return fail_attempt(j, true);
        case reply_kind::truncated: return start_tcp(j);
        case reply_kind::ok: return finish(j, std::move(r.ans));
      }
    }
  }

  void write_tcp(job& j) {
    while (j.out_done < j.out.size()) {
      ssize_t n = ::send(j.fd, j.out.data() + j.out_done, j.out.size() - j.out_done, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
        return fail_attempt(j);
      }
      j.out_done += static_cast<std::size_t>(n);
    }
    j.ph = phase::tcp_read;
  }

  void read_tcp(job& j) {
    std::uint8_t buf[16384];
    for (;;) {
      std::size_t want = 2;
      if (j.in.size() >= 2) want = 2 + ((static_cast<std::size_t>(j.in[0]) << 8) | j.in[1]);
      if (j.in.size() == 2 && want - 2 > opt_.max_reply) return fail_attempt(j, true);
      if (j.in.size() >= want && j.in.size() >= 2 && want > 2) {
        auto r = check_reply(std::span<const std::uint8_t>(j.in.data() + 2, want - 2), *j.q, j.id, opt_.max_reply);
        switch (r.kind) {
          case reply_kind::mismatch:  // not ours: read the next message on the connection
            j.in.erase(j.in.begin(), j.in.begin() + static_cast<long>(want));
            continue;
          case reply_kind::malformed:
          case reply_kind::truncated:  // TC over TCP: nothing more to fall back to
            return fail_attempt(j, true);
          case reply_kind::ok: return finish(j, std::move(r.ans));
        }
      }
      if (j.in.size() >= 2 && want == 2) return fail_attempt(j, true);  // zero-length message
      std::size_t room = std::min(sizeof buf, want - j.in.size());
      ssize_t n = ::recv(j.fd, buf, room, MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
        return fail_attempt(j, true);
      }
      if (n == 0) return fail_attempt(j, true);  // closed before a whole reply
      j.in.insert(j.in.end(), buf, buf + n);
    }
  }

  const stub_options& opt_;
  std::vector<job> jobs_;
};

}  // namespace

std::vector<dns::answer> stub_resolve(std::span<const dns::question> questions, const stub_options& opt) {
  engine e(questions, opt);
  return e.run();
}

}  // namespace authlens::cli::net
