-- One database per service: no service reads another's.
create database patron;
create database catalog;
create database license;
create database loan;
create database report;
