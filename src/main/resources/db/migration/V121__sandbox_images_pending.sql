-- A learner's sandbox is READY once its daemon answers; the lab's images go in right after, while the learner reads
-- the instructions. The row says when they are not in yet, so that every way in (the docker context, checks, the
-- terminal) waits for them, on any replica, and a seeding a crash cut short is taken up again.
alter table sandbox add column images_pending boolean not null default false;
