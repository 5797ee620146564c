-- An audiobook's Readium manifest (application/audiobook+json) when the distributor's loan status document links one.
alter table distributor_checkout add column manifest_url text;
