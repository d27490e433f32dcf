-- One public key belongs to one learner: a key registered by two learners would let either open the other's
-- sandboxes' contexts and would leave whose sessions a key opens ambiguous. Where that already happened, the
-- earliest registration (created_at, then id) keeps the key and the later ones are removed: their learners
-- register a key of their own.
delete from ssh_key later
 where exists (select 1 from ssh_key earlier
                where earlier.fingerprint = later.fingerprint
                  and (earlier.created_at < later.created_at
                       or (earlier.created_at = later.created_at and earlier.id < later.id)));
drop index ssh_key_fingerprint;
alter table ssh_key add constraint ssh_key_fingerprint_unique unique (fingerprint);
