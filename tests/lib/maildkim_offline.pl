# Mail::DKIM without the network: after `require` of this file, maildkim_offline(TSV) makes
# Mail::DKIM::DNS::query answer TXT questions from a "name<TAB>record" file (other names: NXDOMAIN).
# Shared by tests/e2e/dkim_roundtrip.sh and tests/bench/dkim_peers.sh.
use strict; use warnings;
use Mail::DKIM::DNS; use Net::DNS;

sub maildkim_offline {
  my ($tsv) = @_;
  my %recs;
  open my $k, '<', $tsv or die "$tsv: $!";
  while (<$k>) { chomp; my ($n, $r) = split /\t/, $_, 2; $recs{lc $n} = $r; }
  close $k;
  no warnings 'redefine';
  *Mail::DKIM::DNS::query = sub {
    my ($name, $type) = @_;
    my $r = $recs{lc $name};
    if (!defined $r || uc $type ne 'TXT') { $@ = 'NXDOMAIN'; return; }
    $@ = 'NOERROR';
    return (Net::DNS::RR->new(name => $name, type => 'TXT', ttl => 300, txtdata => [unpack('(A255)*', $r)]));
  };
}
1;
