-- Issue 17: a partner app with the reports:publisher scope reads report-service's publisher data API for one
-- publisher only, named here as the catalogue names it (publication.upserted's publisher); its tokens carry it as the
-- publisher claim. Null for every other app.
alter table partner_app add column publisher text
    constraint partner_app_publisher_named check (publisher is null or length(btrim(publisher)) between 1 and 200);
