-- Issue 13: each record of an import says why it was skipped or failed with a stable code beside the words
-- (no-isbn, not-digital, language-unknown, ...), so staff and scripts can count and filter them.
alter table import_record add column reason_code text;
