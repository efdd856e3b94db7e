// A room is typed with or without its prefix; it is printed with the prefix once («каб. 220»), or bare under «Кабинет».
import { describe, expect, it } from 'vitest';
import { roomLabel, roomName } from '../../src/modules/schedule/rooms.ts';

describe('rooms', () => {
  it.each([
    ['220', '220', 'каб. 220'],
    ['каб. 220', '220', 'каб. 220'],
    ['Каб.220', '220', 'каб. 220'],
    ['КАБ  220 ', '220', 'каб. 220'],
    ['каб220', '220', 'каб. 220'],
    ['кабинет 220', '220', 'каб. 220'],
    ['Кабинет 5', '5', 'каб. 5'],
    ['спортзал', 'спортзал', 'спортзал'],
    ['Кабинет информатики', 'информатики', 'Кабинет информатики'],
    ['каб.', 'каб.', 'каб.'],
    ['кабинет', 'кабинет', 'кабинет'],
    ['', '', ''],
    [null, '', ''],
  ])('%j → %j, %j', (room, name, label) => {
    expect(roomName(room)).toBe(name);
    expect(roomLabel(room)).toBe(label);
  });
});
