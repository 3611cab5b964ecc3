#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "authlens/base64.hpp"
#include "authlens/crypto.hpp"
#include "../test_data.hpp"
#include "test_support.hpp"

using namespace authlens;
using authlens::test::unhex;

namespace {
std::string hexs(const crypto::bytes& b) { return crypto::hex(b); }
}  // namespace

TEST(Sha, KnownAnswers) {
  EXPECT_EQ(hexs(crypto::sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hexs(crypto::sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hexs(crypto::sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hexs(crypto::sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

TEST(Sha, IncrementalEqualsOneShot) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data += char('a' + i % 26);
  for (auto alg : {crypto::hash_alg::sha1, crypto::hash_alg::sha256}) {
    crypto::hasher h(alg);
    for (std::size_t i = 0; i < data.size(); i += 7) h.update(std::string_view(data).substr(i, 7));
    EXPECT_EQ(h.finish(), crypto::digest(alg, data));
    EXPECT_TRUE(h.finish().empty());
  }
}

// This executable is built twice (test_crypto with the build's backend, test_crypto_mbedtls):
// make sure each ran the backend it is named for.
TEST(Backend, IsTheOneConfigured) {
#ifdef AUTHLENS_EXPECT_CRYPTO_BACKEND
  EXPECT_EQ(crypto::backend_name(), AUTHLENS_EXPECT_CRYPTO_BACKEND);
#else
  GTEST_SKIP() << "built without AUTHLENS_EXPECT_CRYPTO_BACKEND";
#endif
}

TEST(Sha, NistVectors) {
  auto data = test::data_json("crypto/sha-vectors.json");
  ASSERT_TRUE(data.is_object());
  ASSERT_GE(data["vectors"].size(), 10u);
  for (const auto& v : data["vectors"]) {
    std::string piece = v["message"], whole;
    for (int i = 0; i < v["repeat"].get<int>(); ++i) whole += piece;
    SCOPED_TRACE(whole.substr(0, 40));
    EXPECT_EQ(hexs(crypto::sha1(whole)), v["sha1"].get<std::string>());
    EXPECT_EQ(hexs(crypto::sha256(whole)), v["sha256"].get<std::string>());
    // Fed in uneven pieces that straddle the 64-byte blocks.
    crypto::hasher h(crypto::hash_alg::sha256);
    for (std::size_t i = 0, step = 1; i < whole.size(); i += step, step = step * 3 % 1031 + 1)
      h.update(std::string_view(whole).substr(i, step));
    EXPECT_EQ(hexs(h.finish()), v["sha256"].get<std::string>());
  }
}

TEST(Rsa, OpensslMadeVectors) {
  auto data = test::data_json("crypto/rsa-pkcs1-vectors.json");
  ASSERT_TRUE(data.is_object());
  ASSERT_GE(data["vectors"].size(), 6u);
  for (const auto& v : data["vectors"]) {
    SCOPED_TRACE(v["name"].get<std::string>());
    crypto::rsa_public_key key;
    key.n = unhex(v["n"]);
    key.e = unhex(v["e"]);
    auto alg = v["hash"] == "sha1" ? crypto::hash_alg::sha1 : crypto::hash_alg::sha256;
    auto other = alg == crypto::hash_alg::sha1 ? crypto::hash_alg::sha256 : crypto::hash_alg::sha1;
    auto digest = unhex(v["digest"]);
    auto sig = unhex(v["signature"]);
    ASSERT_EQ(crypto::digest(alg, v["message"].get<std::string>()), digest);
    EXPECT_TRUE(crypto::rsa_verify(key, alg, digest, sig));
    EXPECT_FALSE(crypto::rsa_verify(key, other, crypto::digest(other, v["message"].get<std::string>()), sig));
    auto flipped = digest;
    flipped.back() ^= 1;
    EXPECT_FALSE(crypto::rsa_verify(key, alg, flipped, sig));
    auto bad = sig;
    bad[bad.size() / 2] ^= 0x10;
    EXPECT_FALSE(crypto::rsa_verify(key, alg, digest, bad));
    // Shape checks shared by the backends: the signature's length, the modulus and exponent.
    auto shorter = sig;
    shorter.pop_back();
    EXPECT_FALSE(crypto::rsa_verify(key, alg, digest, shorter));
    auto padded = key;
    padded.n.insert(padded.n.begin(), 0);  // a leading zero changes nothing
    EXPECT_TRUE(crypto::rsa_verify(padded, alg, digest, sig));
    auto even = key;
    even.n.back() &= 0xfe;
    EXPECT_FALSE(crypto::rsa_verify(even, alg, digest, sig));
    auto e1 = key;
    e1.e = {0x01};
    EXPECT_FALSE(crypto::rsa_verify(e1, alg, digest, sig));
    auto big_e = key;
    big_e.e = key.n;
    EXPECT_FALSE(crypto::rsa_verify(big_e, alg, digest, sig));
    // A "signature" not below the modulus is refused (RFC 8017 §5.2.2 step 1).
    crypto::bytes all_ones(sig.size(), 0xff);
    EXPECT_FALSE(crypto::rsa_verify(key, alg, digest, all_ones));
    // The backend's prepared key (built once, shared by copies) gives the same answers, and a copy
    // whose modulus changed afterwards is not verified with the old key.
    auto prepared = key;
    crypto::rsa_prepare(prepared);
    EXPECT_TRUE(crypto::rsa_verify(prepared, alg, digest, sig));
    EXPECT_TRUE(crypto::rsa_verify(prepared, alg, digest, sig));
    EXPECT_FALSE(crypto::rsa_verify(prepared, alg, flipped, sig));
    EXPECT_FALSE(crypto::rsa_verify(prepared, other, crypto::digest(other, v["message"].get<std::string>()), sig));
    auto changed = prepared;
    changed.n[changed.n.size() / 2] ^= 0x04;
    EXPECT_FALSE(crypto::rsa_verify(changed, alg, digest, sig));
    // A prepared key keeps one verification context per hash ready (OpenSSL) and lends it to one
    // verification at a time: failures in between, the other hash, and threads verifying with the
    // same key at once change no answer.
    for (int i = 0; i < 3; ++i) {
      EXPECT_FALSE(crypto::rsa_verify(prepared, alg, digest, bad));
      EXPECT_TRUE(crypto::rsa_verify(prepared, alg, digest, sig));
      EXPECT_FALSE(crypto::rsa_verify(prepared, other, crypto::digest(other, v["message"].get<std::string>()), sig));
      EXPECT_TRUE(crypto::rsa_verify(prepared, alg, digest, sig));
    }
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 50; ++i)
          if (!crypto::rsa_verify(prepared, alg, digest, sig) || crypto::rsa_verify(prepared, alg, flipped, sig)) ++wrong;
      });
    for (auto& t : threads) t.join();
    EXPECT_EQ(wrong.load(), 0);
  }
}

TEST(Ed25519, Rfc8032Vectors) {
  std::string text = test::read_file(std::string(AUTHLENS_SOURCE_DIR) + "/tests/data/crypto/rfc8032-ed25519.txt");
  ASSERT_FALSE(text.empty());
  std::vector<std::map<std::string, std::string>> blocks(1);
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      if (line.empty() && !blocks.back().empty()) blocks.emplace_back();
      continue;
    }
    auto colon = line.find(':');
    std::string v = line.substr(colon + 1);
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    blocks.back()[line.substr(0, colon)] = v;
  }
  if (blocks.back().empty()) blocks.pop_back();
  ASSERT_EQ(blocks.size(), 3u);
  for (auto& b : blocks) {
    SCOPED_TRACE(b["name"]);
    crypto::ed25519_seed seed{};
    auto s = unhex(b["secret"]);
    ASSERT_EQ(s.size(), 32u);
    std::copy(s.begin(), s.end(), seed.begin());
    auto pub = crypto::ed25519_public_from_seed(seed);
    EXPECT_EQ(crypto::hex(pub), b["public"]);
    auto msg = unhex(b["message"]);
    auto sig = crypto::ed25519_sign(seed, msg);
    EXPECT_EQ(crypto::hex(sig), b["signature"]);
    EXPECT_TRUE(crypto::ed25519_verify(pub, msg, sig));
    sig[5] ^= 1;
    EXPECT_FALSE(crypto::ed25519_verify(pub, msg, sig));
  }
}

TEST(Ed25519, KeygenAndPkcs8RoundTrip) {
  auto seed = crypto::ed25519_generate(test::test_rng(7));
  ASSERT_TRUE(seed.ok());
  std::string pem = crypto::ed25519_to_pkcs8_pem(*seed);
  EXPECT_NE(pem.find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
  auto back = crypto::parse_ed25519_private_key(pem);
  ASSERT_TRUE(back.ok()) << back.err().message;
  EXPECT_EQ(*back, *seed);
  auto raw = crypto::parse_ed25519_private_key(base64::encode(std::span<const std::uint8_t>(seed->data(), 32)));
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(*raw, *seed);
  EXPECT_FALSE(crypto::parse_ed25519_private_key("not a key").ok());
  crypto::random_fn failing = [](std::span<std::uint8_t>) { return false; };
  EXPECT_FALSE(crypto::ed25519_generate(failing).ok());
}

TEST(Ed25519, WrongSizesRefused) {
  crypto::bytes pk(31), sig(64), msg;
  EXPECT_FALSE(crypto::ed25519_verify(pk, msg, sig));
}

TEST(Rsa, GenerateSignVerifyPkcs8) {
  auto key = crypto::rsa_generate(2048, test::test_rng(3));
  ASSERT_TRUE(key.ok()) << key.err().message;
  EXPECT_EQ(key->bits(), 2048u);
  std::string pem = key->to_pkcs8_pem();
  EXPECT_NE(pem.find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
  auto again = crypto::parse_rsa_private_key(pem);
  ASSERT_TRUE(again.ok()) << again.err().message;
  EXPECT_EQ(again->bits(), 2048u);

  auto pub = crypto::parse_rsa_public_key(key->public_spki_der());
  ASSERT_TRUE(pub.ok()) << pub.err().message;
  EXPECT_EQ(pub->bits, 2048u);
  EXPECT_EQ(pub->encoding, "spki");

  for (auto alg : {crypto::hash_alg::sha256, crypto::hash_alg::sha1}) {
    auto d = crypto::digest(alg, "message");
    auto sig = crypto::rsa_sign(*again, alg, d, test::test_rng(4));
    ASSERT_TRUE(sig.ok());
    EXPECT_EQ(sig->size(), 256u);
    EXPECT_TRUE(crypto::rsa_verify(*pub, alg, d, *sig));
    auto other = crypto::digest(alg, "massage");
    EXPECT_FALSE(crypto::rsa_verify(*pub, alg, other, *sig));
    (*sig)[10] ^= 0x40;
    EXPECT_FALSE(crypto::rsa_verify(*pub, alg, d, *sig));
  }
  // sha1 signature does not verify as sha256.
  auto d1 = crypto::digest(crypto::hash_alg::sha1, "m");
  auto s1 = crypto::rsa_sign(*again, crypto::hash_alg::sha1, d1, test::test_rng(5));
  EXPECT_FALSE(crypto::rsa_verify(*pub, crypto::hash_alg::sha256, crypto::digest(crypto::hash_alg::sha256, "m"), *s1));
}

TEST(Rsa, BareRsaPublicKeyAccepted) {
  // RFC 8017 RSAPublicKey { n, e } with a small made-up modulus.
  crypto::bytes der = {0x30, 0x0a, 0x02, 0x03, 0x00, 0xc3, 0x55, 0x02, 0x03, 0x01, 0x00, 0x01};
  auto k = crypto::parse_rsa_public_key(der);
  ASSERT_TRUE(k.ok()) << k.err().message;
  EXPECT_EQ(k->encoding, "pkcs1");
  EXPECT_EQ(k->bits, 16u);
  EXPECT_EQ(crypto::hex(k->e), "010001");
}

TEST(Rsa, GarbageRefused) {
  EXPECT_FALSE(crypto::parse_rsa_public_key(crypto::bytes{}).ok());
  EXPECT_FALSE(crypto::parse_rsa_public_key(crypto::bytes{0x30, 0x03, 0x02, 0x01}).ok());
  EXPECT_FALSE(crypto::parse_rsa_private_key("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").ok());
  EXPECT_FALSE(crypto::rsa_generate(256, test::test_rng()).ok());
}

TEST(Rsa, Pkcs1PemAccepted) {
  // The RFC 6376 Appendix C key (PKCS#1 PEM) via the conformance folder when present.
  std::string pem = test::read_file(std::string(AUTHLENS_CONFORMANCE_DIR) +
                                    "/dkim-rfc-examples/rfc6376/C-brisbane-private.pem");
  if (pem.empty()) GTEST_SKIP() << "conformance folder absent";
  auto k = crypto::parse_rsa_private_key(pem);
  ASSERT_TRUE(k.ok()) << k.err().message;
  EXPECT_EQ(k->bits(), 1024u);
}
